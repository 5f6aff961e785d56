// A small notes site: the user's own application, as WebInfra runs it, in Node.js.
//
// WebInfra starts it with HOST and PORT (where to listen) and two database URLs in its environment: DATABASE_URL
// reaches whichever MariaDB node is primary now, DATABASE_READ_URL a replica that is not too far behind. There is no
// failover logic here: after a failover the same URLs reach the new primary.
//
// Only Node's standard library and Debian's node-mysql (the mysqljs driver) are used.
'use strict';

const http = require('http');
const mysql = require('mysql');

const MAX_TEXT = 500;
const writer = process.env.DATABASE_URL;
const reader = process.env.DATABASE_READ_URL || writer;

// One connection per query: the endpoint picks the node when a connection opens, so a new one always reaches the
// right node, and a connection the endpoint closed at a failover is never reused.
function query(url, sql, values) {
  return new Promise((resolve, reject) => {
    const parts = new URL(url);
    const connection = mysql.createConnection({
      host: parts.hostname,
      port: Number(parts.port || 3306),
      user: decodeURIComponent(parts.username),
      password: decodeURIComponent(parts.password),
      database: parts.pathname.slice(1),
      connectTimeout: 10000,
      charset: 'utf8mb4',
    });
    connection.query({ sql, values, timeout: 10000 }, (error, results) => {
      connection.destroy();
      if (error) {
        reject(error);
      } else {
        resolve(results);
      }
    });
  });
}

function reply(response, status, type, body, headers = {}) {
  const bytes = Buffer.from(body);
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length, ...headers });
  response.end(response.req.method === 'HEAD' ? undefined : bytes);
}

function json(response, status, value) {
  reply(response, status, 'application/json', JSON.stringify(value));
}

function unavailable(response, error) {
  // Not acknowledged: the client may try again. A write whose connection broke after it was sent may still have
  // happened, so it is never repeated here.
  console.error(`database unavailable: ${error.code || error.message}`);
  reply(response, 503, 'text/plain; charset=utf-8', 'the database is unavailable; try again\n', { 'Retry-After': '1' });
}

// The visitor's address, as WebInfra's entry tier wrote it first in X-Forwarded-For.
function client(request) {
  const forwarded = request.headers['x-forwarded-for'];
  return forwarded ? forwarded.split(',')[0].trim() : request.socket.remoteAddress;
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function readBody(request, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', chunk => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('too large'));
        request.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function addNote(request, response) {
  let body;
  try {
    body = await readBody(request, 16 * 1024);
  } catch {
    return reply(response, 413, 'text/plain; charset=utf-8', 'too large\n');
  }
  let text;
  if ((request.headers['content-type'] || '').startsWith('application/json')) {
    try {
      text = String(JSON.parse(body).text ?? '');
    } catch {
      return reply(response, 400, 'text/plain; charset=utf-8', 'the body is not a JSON object\n');
    }
  } else {
    text = new URLSearchParams(body).get('text') || '';
  }
  text = text.trim();
  if (!text || text.length > MAX_TEXT) {
    return reply(response, 400, 'text/plain; charset=utf-8', `text must be 1 to ${MAX_TEXT} characters\n`);
  }
  let result;
  try {
    result = await query(writer, 'INSERT INTO notes (text, client) VALUES (?, ?)', [text, client(request)]);
  } catch (error) {
    return unavailable(response, error);
  }
  if ((request.headers.accept || '').includes('text/html')) {
    return reply(response, 303, 'text/plain; charset=utf-8', '', { Location: '/' });
  }
  return json(response, 201, { id: result.insertId, text });
}

async function note(response, id) {
  try {
    // A replica may not have a note written a moment ago: then the primary answers.
    for (const url of [reader, writer]) {
      const rows = await query(url, 'SELECT id, text, client, created_at FROM notes WHERE id = ?', [id]);
      if (rows.length > 0) {
        return json(response, 200, rows[0]);
      }
    }
  } catch (error) {
    return unavailable(response, error);
  }
  return json(response, 404, { error: 'no such note' });
}

async function page(request, response) {
  let rows;
  try {
    rows = await query(reader, 'SELECT id, text, client FROM notes ORDER BY id DESC LIMIT 20');
  } catch (error) {
    return unavailable(response, error);
  }
  const items = rows.map(r => `<li><b>#${r.id}</b> ${escape(r.text)} <small>from ${escape(r.client || '?')}</small></li>`).join('\n');
  return reply(response, 200, 'text/html; charset=utf-8', `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Notes</title><link rel="stylesheet" href="/style.css"></head>
<body><h1>Notes</h1>
<form method="post" action="/notes"><input name="text" maxlength="${MAX_TEXT}" required autofocus> <button>Add</button></form>
<ul>${items}</ul>
<footer>Served by ${escape(process.env.WEBINFRA_COMPONENT || '?')} (Node.js) for ${escape(client(request))}.</footer>
</body></html>
`);
}

const server = http.createServer((request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  const match = /^\/notes\/(\d+)$/.exec(path);
  if ((request.method === 'GET' || request.method === 'HEAD') && path === '/healthz') {
    return reply(response, 200, 'text/plain; charset=utf-8', 'ok\n');
  }
  if ((request.method === 'GET' || request.method === 'HEAD') && path === '/') {
    return page(request, response);
  }
  if ((request.method === 'GET' || request.method === 'HEAD') && match) {
    return note(response, Number(match[1]));
  }
  if (request.method === 'POST' && path === '/notes') {
    return addNote(request, response);
  }
  return reply(response, 404, 'text/plain; charset=utf-8', 'not found\n');
});

server.listen(Number(process.env.PORT), process.env.HOST, () => {
  console.log(`node-notes listening on ${process.env.HOST}:${process.env.PORT}`);
});

// WebInfra stops the application with SIGTERM: stop taking connections, finish those in flight.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
