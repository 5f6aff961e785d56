-- The notes site's tables, shared by both examples (python-notes and node-notes). WebInfra runs this file on the
-- primary, as the administrator, when it provisions the database (the application's own account may only read and
-- write rows), so every statement is idempotent.
CREATE TABLE IF NOT EXISTS notes (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    text VARCHAR(500) NOT NULL,
    client VARCHAR(64) NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
