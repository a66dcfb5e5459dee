#!/usr/bin/env bash
# bench/setup.sh — one-time set-up of the benchmark (root, Debian 12): the peer servers, the local user
# benchuser/benchpass (home /srv/ftpbench) with the test files, Apache FtpServer's jars, a TLS certificate for
# the FTPS workload, and a Ferry users file for the same user. Safe to run again.
# vsftpd, pure-ftpd and ProFTPD all "Conflict: ftp-server" as Debian packages, so only vsftpd is installed;
# pure-ftpd and proftpd-core are unpacked with dpkg -x under $WORK/root.
set -euo pipefail
WORK="${BENCH_WORK:-/tmp/ferry-bench}"
here=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive
[ "$(id -u)" = 0 ] || { echo "bench/setup.sh: run as root (installs packages, creates a user)" >&2; exit 1; }
apt-get update -qq >/dev/null
apt-get install -y -qq vsftpd python3-pyftpdlib python3-psutil curl openssl maven \
  libhiredis0.14 libmemcached11 libmemcachedutil2 libpcre2-posix3 libsodium23 libwrap0 >/dev/null
/etc/init.d/vsftpd stop >/dev/null 2>&1 || true   # the package's own service must not hold port 21
mkdir -p "$WORK/debs" "$WORK/root/pureftpd" "$WORK/root/proftpd" "$WORK/apache"
cd "$WORK/debs"
[ -x "$WORK/root/pureftpd/usr/sbin/pure-ftpd" ] || { apt-get download pure-ftpd >/dev/null 2>&1; dpkg -x pure-ftpd_*.deb ../root/pureftpd; }
[ -x "$WORK/root/proftpd/usr/sbin/proftpd" ] || { apt-get download proftpd-core >/dev/null 2>&1; dpkg -x proftpd-core_*.deb ../root/proftpd; }
id benchuser >/dev/null 2>&1 || useradd -m -d /srv/ftpbench -s /bin/bash benchuser
echo 'benchuser:benchpass' | chpasswd -c SHA512
mkdir -p /srv/ftpbench/pub/list10k /srv/ftpbench/upload /var/run/vsftpd/empty
[ -s /srv/ftpbench/pub/big1g.bin ] || head -c 1073741824 /dev/urandom >/srv/ftpbench/pub/big1g.bin
[ -s /srv/ftpbench/pub/small10k.bin ] || head -c 10240 /dev/urandom >/srv/ftpbench/pub/small10k.bin
[ "$(ls /srv/ftpbench/pub/list10k | wc -l)" -ge 10000 ] || (cd /srv/ftpbench/pub/list10k && for i in $(seq -w 1 10000); do : >"f$i.txt"; done)
chown -R benchuser:benchuser /srv/ftpbench
if [ ! -s "$WORK/apache/lib/ftpserver-core-1.2.1.jar" ]; then
  cd "$WORK/apache"
  cat >pom.xml <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>apacheftp</artifactId><version>1</version>
  <dependencies><dependency><groupId>org.apache.ftpserver</groupId><artifactId>ftpserver-core</artifactId><version>1.2.1</version></dependency></dependencies>
</project>
POM
  mvn -q dependency:copy-dependencies -DoutputDirectory=lib
fi
# one certificate for every FTPS server in the TLS workload (EC P-256, as Ferry's own)
[ -s "$WORK/tls.pem" ] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
  -subj /CN=127.0.0.1 -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null && cat "$WORK/tls.key" "$WORK/tls.crt" >"$WORK/tls.pem"
[ -s "$WORK/ferry-users.yml" ] || echo benchpass | "$here/../ferry" user add --users "$WORK/ferry-users.yml" \
  --home /srv/ftpbench --write --password-stdin benchuser >/dev/null
echo "bench set-up done ($WORK)"
