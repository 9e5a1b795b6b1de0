package dev.liverec.media;

/** Which elementary stream a packet belongs to. */
public enum TrackType { VIDEO, AUDIO }
