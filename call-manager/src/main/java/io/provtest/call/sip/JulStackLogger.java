package io.provtest.call.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * Routes the NIST stack's own logging to JBoss logging instead of log4j (which it would otherwise need on the
 * classpath). Its chatty INFO goes to DEBUG. Message tracing is reported as enabled so that the stack hands every
 * message to {@link SipTraceLogger}.
 */
public class JulStackLogger implements StackLogger {

    private static final Logger LOG = Logger.getLogger("jain-sip");

    @Override
    public void logStackTrace() {
    }

    @Override
    public void logStackTrace(int traceLevel) {
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.debug("stack exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.trace(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.trace(message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message) {
        LOG.warn(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return true;
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        return logLevel <= TRACE_MESSAGES || LOG.isTraceEnabled();
    }

    @Override
    public void logError(String message, Exception ex) {
        LOG.warn(message, ex);
    }

    @Override
    public void logWarning(String message) {
        LOG.debug(message);
    }

    @Override
    public void logInfo(String message) {
        LOG.debug(message);
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
    }

    @Override
    public String getLoggerName() {
        return "jain-sip";
    }
}
