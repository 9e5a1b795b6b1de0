package dev.liverec.stream;

import dev.liverec.config.DbConfig;
import dev.liverec.db.Database;

import java.nio.file.Path;

/** A migrated H2 database in a temp directory. */
public final class StreamDb {
    private StreamDb() {}

    public static Database open(Path dir) {
        return Database.open(new DbConfig(), dir);
    }
}
