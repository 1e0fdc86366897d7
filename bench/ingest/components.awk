# CPU of the ingest server JVM by component, from async-profiler collapsed stacks (bench/ingest/ab.sh PROFILE_B=1):
#   awk -f bench/ingest/components.awk profile-B-*.collapsed
# Each stack goes to the first component whose pattern it matches (order matters: a stack that runs the JSON encoder
# inside a Redis reply callback is JSON). JIT compiler threads are counted apart. itimer stacks include the
# kernel time of a system call as the call itself (send, recv, writev ...).
{
  n = $NF; st = $0; sub(/ [0-9]+$/, "", st); k = split(st, f, ";"); leaf = f[k]
  if (st ~ /CompilerThre|C2Compiler|C1Compiler|CompileBroker/) { jit += n; next }
  total += n; c = "other"
  if (st ~ /ClickJson|ImpressionJson/) c = "JSON encoding (Jackson generator)"
  else if (st ~ /ClickSpool\.append|SpoolWriter\$Pending/) c = "spool append"
  else if (st ~ /lettuce/ && leaf ~ /^(writev|__GI___send|recv|__GI_read|read)$/) c = "Redis/Lettuce: kernel write/read"
  else if (st ~ /lettuce|RedisLane|RedisClickDeduper|LoopDeadlines/) c = "Redis/Lettuce: Java (encode, decode, futures, deadlines)"
  else if (st ~ /ClickTokens\.verify/) c = "token verify (base64url + HMAC)"
  else if (st ~ /ClickHasher/) c = "ip/ua HMAC"
  else if (st ~ /EventDimensions|CountryLookup|DeviceClassifier/) c = "dimensions (country, device)"
  else if (st ~ /SpoolWriter/) c = "spool writer (encode, CRC, write, fdatasync)"
  else if (st ~ /KafkaSpoolSender|SpoolReader/) c = "spool read + sender (KafkaProducer.send)"
  else if (st ~ /kafka-producer-network|producer\/internals/) c = "Kafka producer network thread"
  else if (st ~ /kafka\/|org\/apache\/kafka|scala\//) c = "Kafka broker (in the server JVM)"
  else if (st ~ /micrometer|HdrHistogram/) c = "metrics"
  else if (leaf ~ /^(__GI___send|recv|writev|epoll_pwait2|epoll_wait)$/) c = "HTTP: kernel send/recv + epoll"
  else if (st ~ /vertx|netty/) c = "HTTP: Netty/Vert.x Java (parse, encode, handlers)"
  else if (st ~ /GC Thread|G1|VM Thread/) c = "GC/VM"
  s[c] += n
}
END { for (x in s) printf "%5.1f%%  %s\n", 100 * s[x] / total, x | "sort -rn"; close("sort -rn"); printf "samples %d (+ %d in JIT threads, %.0f%% of all)\n", total, jit, 100 * jit / (total + jit) }
