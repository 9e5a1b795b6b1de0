/**
 * Clips without re-encoding: a wall-clock range of a stream's stored recordings remuxed into one MP4, cut on the
 * keyframe at or before the start and ending at the requested end, then committed like a recording (indexed,
 * event 100, signed PlayUrl). {@link dev.liverec.clip.RecordClipper} runs one clip (bounded duration and
 * concurrency), {@link dev.liverec.clip.ClipSources} picks the files, {@link dev.liverec.clip.KeyframeCut} decides
 * which packets go in, {@link dev.liverec.clip.SourceFiles} finds a source's media on disk and
 * {@link dev.liverec.clip.SourcePackets} reads it with the {@code media.*} readers (FLV, HLS, MP4).
 */
package dev.liverec.clip;
