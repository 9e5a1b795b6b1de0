package dev.liverec.record.schedule;

import java.util.concurrent.ScheduledFuture;

/** Runs work on the scheduler thread later; a failure of it is logged as {@code what}. */
interface Timers {
    ScheduledFuture<?> after(String what, long delayMillis, Runnable work);
}
