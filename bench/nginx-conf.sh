#!/usr/bin/env bash
# nginx-conf.sh MODE WORKERS -- writes an nginx-rtmp configuration for the comparison benchmarks and prints its path.
#   MODE live  ingest only, nothing recorded (the reference for ingest figures)
#        flv   record all to FLV, a new file every 60 s, unique names
#        hls   HLS with 2 s fragments, every fragment kept, one directory per stream
# Env: BENCH_WORK (default /tmp/liverec-bench) holds config, logs, pid and recordings; NGINX_RTMP_PORT (1935).
# Needs nginx with the RTMP module (Debian: libnginx-mod-rtmp).
set -euo pipefail
mode=${1:?usage: nginx-conf.sh live|flv|hls WORKERS}
workers=${2:-1}
work=${BENCH_WORK:-/tmp/liverec-bench}
port=${NGINX_RTMP_PORT:-1935}
conf=$work/nginx/conf/$mode-w$workers.conf
rec=$work/rec/nginx-$mode
mkdir -p "$work/nginx/conf" "$work/nginx/logs" "$work/nginx/run" "$rec"
chmod 0777 "$rec"   # the worker processes run as nobody

case $mode in
  live) recording="            # ingest only" ;;
  flv)  recording="            record all;
            record_path $rec;
            record_unique on;
            record_interval 60s;" ;;
  hls)  recording="            hls on;
            hls_path $rec;
            hls_fragment 2s;
            hls_playlist_length 600s;
            hls_cleanup off;
            hls_nested on;" ;;
  *) echo "nginx-conf.sh: unknown mode '$mode' (live, flv or hls)" >&2; exit 2 ;;
esac

cat > "$conf" <<CONF
# written by bench/nginx-conf.sh $mode $workers
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process on;
worker_processes $workers;
worker_rlimit_nofile 16384;
pid $work/nginx/run/nginx-$mode-w$workers.pid;
error_log $work/nginx/logs/error-$mode-w$workers.log warn;
events {
    worker_connections 8192;
}
rtmp {
    server {
        listen 127.0.0.1:$port;
        chunk_size 4096;
        application live {
            live on;
$recording
        }
    }
}
CONF
echo "$conf"
