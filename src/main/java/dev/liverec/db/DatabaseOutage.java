package dev.liverec.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure caused by the database being unreachable (down, restarting, the pool timing out for a
 * connection) — worth retrying unchanged once it is back — from one the same statement would meet again (a
 * constraint, a bad value).
 */
public final class DatabaseOutage {
    private DatabaseOutage() {}

    /** True when {@code t} or one of its causes says the database could not be reached. */
    public static boolean isCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.jdbi.v3.core.ConnectionException
                    || c instanceof SQLTransientConnectionException
                    || c instanceof SQLNonTransientConnectionException
                    || c instanceof SQLRecoverableException) {
                return true;
            }
            if (c instanceof SQLException s && connectionState(s.getSQLState())) return true;
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01-57P03 (PostgreSQL shutting down / cannot connect now), H2's
     * 90067 (connection broken) and 90098 (database closed).
     */
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("90067")
                || state.equals("90098"));
    }
}
