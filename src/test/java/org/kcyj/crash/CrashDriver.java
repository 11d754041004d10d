package org.kcyj.crash;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A JDBC driver that stops the application at a chosen point, so that a test can kill it there with SIGKILL.
 * The URL {@code jdbc:crash:postgresql://…} opens {@code jdbc:postgresql://…} and watches every statement.
 *
 * <p>The point is armed by a rule file named by the system property {@value #RULE_FILE}, read again whenever
 * it changes (so a running application can be armed):
 * <pre>
 * name=submission-inside-document
 * sql=insert into app\.document       (a regular expression, searched in the statement, case ignored)
 * when=after                          (before | after the statement | after-commit of its transaction)
 * occurrence=1                        (the n-th matching statement since the rule was written)
 * </pre>
 * When the point is reached the thread prints {@value #MARKER} and the rule's name on standard output and
 * waits forever, holding whatever the transaction holds, as a thread of a machine that died would: the test
 * sees the line and kills the process. Nothing else changes: statements, results and errors pass through.
 * Loaded by the application under test only; it is not part of the product.
 */
public final class CrashDriver implements Driver {
    public static final String RULE_FILE = "kcyj.crash.rule-file";
    public static final String MARKER = "KCYJ-CRASH-POINT-REACHED";
    static final String PREFIX = "jdbc:crash:";

    private static final Object LOCK = new Object();
    private static String ruleText = "";
    private static Rule rule;
    private static final AtomicInteger matches = new AtomicInteger();

    static {
        try {
            DriverManager.registerDriver(new CrashDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Rule(String name, Pattern sql, String when, int occurrence) {
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
        return (Connection) Proxy.newProxyInstance(CrashDriver.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new ConnectionHandler(real));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    /** The rule now in force, or null; a changed file resets the count of matches. */
    private static Rule rule() {
        String file = System.getProperty(RULE_FILE);
        if (file == null) {
            return null;
        }
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            text = "";
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the crash rule " + file, e);
        }
        synchronized (LOCK) {
            if (!text.equals(ruleText)) {
                ruleText = text;
                matches.set(0);
                rule = parse(text);
            }
            return rule;
        }
    }

    private static Rule parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Rule(p.getProperty("name", "unnamed"),
                Pattern.compile(p.getProperty("sql"), Pattern.CASE_INSENSITIVE),
                p.getProperty("when", "after"), Integer.parseInt(p.getProperty("occurrence", "1")));
    }

    /** True if this statement is the one the rule waits for. */
    private static Rule matching(String sql) {
        Rule current = rule();
        if (current == null || sql == null || !current.sql().matcher(sql.replaceAll("\\s+", " ")).find()) {
            return null;
        }
        return matches.incrementAndGet() == current.occurrence() ? current : null;
    }

    /** Announces the point and never returns: the test kills the process now. */
    private static void stopHere(Rule reached) {
        System.out.println(MARKER + " " + reached.name());
        System.out.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // a dying machine does not listen either
            }
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection real;
        /** The rule reached by a statement of the open transaction, waiting for its commit. */
        private Rule pendingCommit;

        ConnectionHandler(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "prepareStatement", "prepareCall", "createStatement" -> {
                    Statement statement = (Statement) CrashDriver.invoke(real, method, args);
                    String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                    Class<?> type = statement instanceof CallableStatement ? CallableStatement.class
                            : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                    return Proxy.newProxyInstance(CrashDriver.class.getClassLoader(), new Class<?>[] {type},
                            new StatementHandler(this, statement, sql));
                }
                case "commit" -> {
                    Object result = CrashDriver.invoke(real, method, args);
                    Rule reached = pendingCommit;
                    pendingCommit = null;
                    if (reached != null) {
                        stopHere(reached);
                    }
                    return result;
                }
                case "rollback" -> {
                    if (args == null || args.length == 0) {
                        pendingCommit = null;
                    }
                    return CrashDriver.invoke(real, method, args);
                }
                default -> {
                    return CrashDriver.invoke(real, method, args);
                }
            }
        }

        void executed(Rule reached) throws SQLException {
            if (reached.when().equals("after-commit") && !real.getAutoCommit()) {
                pendingCommit = reached;
            } else {
                stopHere(reached);
            }
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final ConnectionHandler connection;
        private final Statement real;
        private final String preparedSql;

        StatementHandler(ConnectionHandler connection, Statement real, String preparedSql) {
            this.connection = connection;
            this.real = real;
            this.preparedSql = preparedSql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (!method.getName().startsWith("execute")) {
                return CrashDriver.invoke(real, method, args);
            }
            String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : preparedSql;
            Rule reached = matching(sql);
            if (reached != null && reached.when().equals("before")) {
                stopHere(reached);
            }
            Object result = CrashDriver.invoke(real, method, args);
            if (reached != null) {
                connection.executed(reached);
            }
            return result;
        }
    }
}
