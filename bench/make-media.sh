#!/usr/bin/env bash
# make-media.sh OUTDIR [SECONDS] -- the source media of the benchmarks and of the media tests, made with ffmpeg:
#   src_nobf.flv  H.264 Main 1280x720 30 fps, ~2 Mbit/s CBR-ish, a keyframe every 2 s (GOP 60, no scene cuts),
#                 no B-frames; AAC-LC 44.1 kHz stereo 128 kbit/s (a 1 kHz sine)
#   src_bf.flv    the same with 2 B-frames (pts != dts: composition times in the FLV tags)
# SECONDS defaults to 60 (the benchmarks replay it in a loop); the tests use a shorter cut
# (src/test/java/dev/liverec/media/SourceMedia.java) and cache it in target/test-media/ keyed by this file.
set -euo pipefail
out=${1:?usage: make-media.sh OUTDIR [SECONDS]}
seconds=${2:-60}
mkdir -p "$out"
recipe=(-f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=1000:sample_rate=44100"
        -t "$seconds" -c:v libx264 -profile:v main -preset veryfast -b:v 2000k -maxrate 2000k -bufsize 4000k
        -g 60 -keyint_min 60 -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 128k -ac 2 -f flv)
# written under a temporary name and renamed, so a reader never sees half a file
for variant in "nobf 0" "bf 2"; do
  set -- $variant
  ffmpeg -nostdin -v error -y "${recipe[@]}" -bf "$2" "$out/.src_$1.flv.tmp"
  mv -f "$out/.src_$1.flv.tmp" "$out/src_$1.flv"
done
