package dev.liverec.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** What a database failure means, from the exception chain (same SQL states on H2 and PostgreSQL). */
public final class SqlErrors {
    private SqlErrors() {}

    /** A unique key was violated (SQL state 23505): another writer got there first. */
    public static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) return true;
        }
        return false;
    }

    /**
     * The database cannot be reached: no pooled connection within the pool's timeout, or a connection error (SQL
     * state class 08, or 57P01..03 when PostgreSQL shuts down), as opposed to a bad statement.
     */
    public static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return true;
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) return true;
        }
        return false;
    }
}
