package dev.liverec.config;

/** The database: an H2 file under the data directory unless a JDBC URL (e.g. PostgreSQL) is given. */
public class DbConfig {
    public String url;
    public String user;
    public String password;
    public int poolSize = 8;
    /**
     * How long a caller waits for a connection before failing (Hikari connectionTimeout): the bound on an API call
     * or a readiness check while the database is down.
     */
    public long connectionTimeoutMillis = 3_000;
    /** How long a connection check may take (Hikari validationTimeout; below connectionTimeoutMillis). */
    public long validationTimeoutMillis = 1_000;
    /** PostgreSQL: a statement without an answer for this long fails (socketTimeout; a hung server or network). */
    public int socketTimeoutSeconds = 20;
}
