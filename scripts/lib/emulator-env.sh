#!/usr/bin/env bash
# Sourced by the scripts that run the Firebase Emulator Suite, after lib/node.sh and the root
# install. Everything this machine needs beyond firebase-tools' standard path is here, with why.
#
# - Java: firebase-tools 15 runs its Java emulators (Firestore) on Java 21 or newer only. The
#   `java` on PATH is used when it is; otherwise the newest JDK among the system's installed
#   ones (JAVA_HOME, /usr/lib/jvm, macOS's JavaVirtualMachines), put first on PATH for the suite.
#   None: stop, and say so.
# - The Firestore emulator: firebase-tools downloads its own jar on first use, which fails
#   offline. When that jar is not in firebase-tools' cache and Google's Cloud SDK emulator is
#   installed, firebase-tools is given the installed one, whatever the Java version, through a
#   tiny launcher jar (firebase-tools chmods the path it is given, so never the system jar
#   itself). With neither, firebase-tools downloads its own (that needs internet).
# - The Functions emulator starts a worker process (a Node.js that loads the functions) for every
#   request or trigger that finds no idle one, up to FUNCTIONS_EMULATOR_PARALLEL (50 by default).
#   Measured on 2 cores with 50 clients (bench/RESULTS.md): unbounded, the suite grew to 159
#   processes and 25 GB, workers missed their 30 s load timeout and 140 of 500 requests went
#   unanswered; bounded at 2 (one per core), 2,000 commands were all answered at 63 a second
#   with 5 processes. So the bound is the number of cores, at least 2, unless set.
# - CI=true stops firebase-tools fetching its message of the day; METADATA_SERVER_DETECTION=none
#   stops google-auth-library probing for a cloud metadata server. Nothing leaves the machine.
export CI="${CI:-true}"
export METADATA_SERVER_DETECTION=none
export FIREBASE_PROJECT="${FIREBASE_PROJECT:-demo-event-store}"
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
export FUNCTIONS_EMULATOR_PARALLEL="${FUNCTIONS_EMULATOR_PARALLEL:-$(( cores > 2 ? cores : 2 ))}"

java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'; }
java_bin=$(command -v java || true)
java_found=$([ -n "$java_bin" ] && java_major "$java_bin" || echo 0)
if [ "$java_found" -lt 21 ]; then
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ "${major:-0}" -gt "$java_found" ]; then java_bin=$candidate java_found=$major; fi
  done
fi
if [ "$java_found" -lt 21 ]; then
  echo "The Firebase emulators (firebase-tools 15) need Java 21 or newer; the newest Java found here is ${java_bin:+$java_found, at $java_bin}${java_bin:-none}." >&2
  echo "Install a JDK 21 or newer (for example Temurin 21), or point JAVA_HOME at one." >&2
  exit 1
fi
export JAVA_HOME
JAVA_HOME="$(cd "$(dirname "$(readlink -f "$java_bin")")/.." && pwd)"
export PATH="$JAVA_HOME/bin:$PATH"

sdk_jar=/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar
firestore_jar=$(node -p "require('$root/scripts/firebase-tools/node_modules/firebase-tools/lib/emulator/downloadableEmulatorInfo.json').firestore.downloadPathRelativeToCacheDir")
if [ -z "${FIRESTORE_EMULATOR_BINARY_PATH:-}" ] && [ ! -f "${FIREBASE_EMULATORS_PATH:-$HOME/.cache/firebase/emulators}/$firestore_jar" ]; then
  if [ -f "$sdk_jar" ]; then
    launcher="$root/.cache/firestore-launcher.jar"
    if [ ! -f "$launcher" ]; then
      mkdir -p "$root/.cache"
      printf 'Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore\nClass-Path: file:%s\n' "$sdk_jar" >"$root/.cache/manifest.txt"
      jar cfm "$launcher" "$root/.cache/manifest.txt"
    fi
    export FIRESTORE_EMULATOR_BINARY_PATH="$launcher"
  else
    echo "firebase-tools will download its Firestore emulator ($firestore_jar): that needs internet." >&2
  fi
fi
