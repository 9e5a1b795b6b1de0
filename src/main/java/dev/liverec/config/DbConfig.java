package dev.liverec.config;

/** The database: an H2 file under the data directory unless a JDBC URL (e.g. PostgreSQL) is given. */
public class DbConfig {
    public String url;
    public String user;
    public String password;
    public int poolSize = 8;
}
