package org.kcyj.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;

/**
 * The errors the server in this JVM logs while a test runs, with their causes, so that a test whose
 * request got a 500 can say why in its own failure message (the log itself may be long gone by then).
 */
public final class ServerErrors implements AutoCloseable {
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                StringBuilder text = new StringBuilder(event.getLoggerName()).append(": ").append(event.getFormattedMessage());
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    text.append("\n  caused by ").append(t.getClassName()).append(": ").append(t.getMessage());
                }
                errors.add(text.toString());
            }
        }
    };

    private ServerErrors() {
    }

    public static ServerErrors capture() {
        ServerErrors capture = new ServerErrors();
        capture.appender.setContext(capture.root.getLoggerContext());
        capture.appender.start();
        capture.root.addAppender(capture.appender);
        return capture;
    }

    /** The first errors logged so far, one paragraph each. */
    public String describe() {
        if (errors.isEmpty()) {
            return "no error logged";
        }
        List<String> first = errors.subList(0, Math.min(errors.size(), 10));
        return String.join("\n", first) + (errors.size() > first.size() ? "\n(" + errors.size() + " in all)" : "");
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
