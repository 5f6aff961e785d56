using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Tests.Provisioning;

public sealed class BackupPositionTests
{
    [Fact]
    public void A_replicas_copy_holds_the_gtid_slave_pos_it_applied_up_to()
    {
        var files = new Dictionary<string, string>
        {
            ["xtrabackup_slave_info"] = "SET GLOBAL gtid_slave_pos = '0-1-32';\nCHANGE MASTER TO master_use_gtid = slave_pos;\n",
            ["xtrabackup_binlog_info"] = "mariadb-bin.000001\t9973\t0-2-7\n",
        };

        Assert.Equal("0-1-32", BackupPosition.Read(files, fromReplica: true));
        Assert.Equal("0-2-7", BackupPosition.Read(files, fromReplica: false));
    }

    [Fact]
    public void The_primarys_copy_holds_the_gtid_of_its_binary_log()
    {
        var files = new Dictionary<string, string> { ["mariadb_backup_binlog_info"] = "mariadb-bin.000003\t1234\t0-1-40,1-3-2\n" };

        Assert.Equal("0-1-40,1-3-2", BackupPosition.Read(files, fromReplica: false));
    }

    [Fact]
    public void A_copy_without_position_files_records_none()
    {
        Assert.Null(BackupPosition.Read(new Dictionary<string, string>(), fromReplica: true));
    }
}
