/**
 * The recording engine: turns live streams into finished files for the tasks and record rules of the control plane.
 *
 * <h2>Nouns, from the outside in (one noun for one thing)</h2>
 * <ul>
 *   <li><b>owner</b>: what wants a stream recorded, a task or a record rule's template ({@code RecordingSpec.ownerId}).
 *       {@code schedule.OwnerSessions}: one owner's sessions on one publish of a stream, one per enabled format.</li>
 *   <li><b>{@code session.Recording}</b>: one owner × one stream × one format, described by its
 *       {@code session.RecordingSpec}; has an id, a work directory and a journal row. It usually lives as long as
 *       one publish, longer when an HLS playlist resumes after a re-push.</li>
 *   <li><b>{@code session.RecordSession}</b>: a Recording fed by one publish: it reads the stream and writes the
 *       recording's files.</li>
 *   <li><b>{@code session.RecordFile}</b>: one file of a recording being written (for HLS a playlist and its
 *       segments), through the format's {@code output.RecordOutput}. RecordInterval, a timestamp jump or a codec
 *       change end it and the session opens the next one.</li>
 *   <li><b>{@code session.ParkedPlaylist}</b>: a RecordFile of HLS kept open after its publisher left, until a
 *       re-push takes it over or the resume window ends.</li>
 * </ul>
 *
 * <h2>Packages</h2>
 * <ul>
 *   <li>{@code schedule}: when — {@code RecordScheduler} takes publish and task events and decides, with
 *       {@code TaskAdmission} (at most three tasks per stream), {@code PlanReread} (the periodic re-read of the
 *       plan), {@code ParkedPlaylists}, {@code RecordingStarter}, {@code TaskGauges} and {@code TaskInterruptions}
 *       (tasks a full disk stopped: while {@code storage.DiskSpace} is full every file closes as {@code disk_full}
 *       and nothing starts; when room is back recording resumes as new files).</li>
 *   <li>{@code session}: one stream × one owner × one format — {@code RecordSession} with the pieces it drives:
 *       {@code StreamTracks} (sequence headers, MP3 format), {@code StartGate} (when a file may open),
 *       {@code Timeline} (rebasing), {@code CutPlan} (the one place deciding when a file ends or flushes),
 *       {@code PublisherClock} (wall-clock time), {@code RetriedStep} (a recording's blocking steps; commits outlast a
 *       database outage); the shared {@code RecordContext}, meters and status events.</li>
 *   <li>{@code output}: what every format shares — {@code OutputFormat} (opens outputs, recovers them),
 *       {@code RecordOutput} (one open output), {@code FileSink} and {@code SerialIo} (file writes off the event
 *       loop), {@code FileNamer}. {@code output.hls|flv|mp4|aac|mp3}: one package per format, each with its format,
 *       its output or segment file, and its recovery.</li>
 *   <li>{@code recovery}: after a crash — {@code SessionJournal} (recordings in progress), {@code OrphanRecovery}
 *       (completes and commits what a crash left), {@code RecoveryWalk} (the walk the single-file formats share).</li>
 *   <li>{@code takeover}: a recording outlives its node — leases renewed on the journal rows, the files being written
 *       uploaded as they complete (S3), and the recordings of a node whose lease expired finalized by one survivor
 *       from the store ({@code Takeover}, {@code LeaseRenewal}, {@code WorkUploader}, {@code StoredWork},
 *       {@code OrphanTakeover}).</li>
 * </ul>
 * Dependencies point one way: {@code schedule → session → recovery → output}, {@code output.<format> → output,
 * recovery}, and {@code takeover → recovery, output}; this package wires them ({@code RecordModule}).
 */
package dev.liverec.record;
