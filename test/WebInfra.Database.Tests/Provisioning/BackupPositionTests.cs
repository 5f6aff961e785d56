using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Tests.Provisioning;

public sealed class BackupPositionTests
{
    [Fact]
    public void A_replicas_copy_holds_the_gtid_slave_pos_it_applied_up_to()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.Combine("xtrabackup_slave_info"), "SET GLOBAL gtid_slave_pos = '0-1-32';\nCHANGE MASTER TO master_use_gtid = slave_pos;\n");
        File.WriteAllText(directory.Combine("xtrabackup_binlog_info"), "mariadb-bin.000001\t9973\t0-2-7\n");

        Assert.Equal("0-1-32", BackupPosition.Read(directory.Path, fromReplica: true));
    }

    [Fact]
    public void The_primarys_copy_holds_the_gtid_of_its_binary_log()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.Combine("mariadb_backup_binlog_info"), "mariadb-bin.000003\t1234\t0-1-40,1-3-2\n");

        Assert.Equal("0-1-40,1-3-2", BackupPosition.Read(directory.Path, fromReplica: false));
    }

    [Fact]
    public void A_copy_without_position_files_records_none()
    {
        using var directory = new TemporaryDirectory();

        Assert.Null(BackupPosition.Read(directory.Path, fromReplica: true));
    }
}
