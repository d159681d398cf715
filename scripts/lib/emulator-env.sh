#!/usr/bin/env bash
# Sourced by the scripts that run the Firebase Emulator Suite. Everything this machine needs
# beyond the standard path is here, with why.
#
# - firebase-tools 15 refuses Java below 21, and every version downloads its own Firestore jar,
#   which fails offline. This project pins firebase-tools 14.18 (the last to accept Java 17)
#   and, when Java is older than 21 and the Cloud SDK's Firestore emulator is installed, points
#   firebase-tools at a tiny launcher jar for it (firebase-tools chmods the path it is given, so
#   never the system jar itself). With Java 21 and internet, nothing here is set and
#   firebase-tools takes its standard path.
# - CI=true stops firebase-tools fetching its message of the day; METADATA_SERVER_DETECTION=none
#   stops google-auth-library probing for a cloud metadata server. Nothing leaves the machine.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CI="${CI:-true}"
export METADATA_SERVER_DETECTION=none
export FIREBASE_PROJECT="${FIREBASE_PROJECT:-demo-event-store}"

sdk_jar=/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar
java_major=$(java -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print v[1] }')
if [ -z "${FIRESTORE_EMULATOR_BINARY_PATH:-}" ] && [ "${java_major:-0}" -lt 21 ]; then
  if [ ! -f "$sdk_jar" ]; then
    echo "Java ${java_major:-?} is older than 21 and the Cloud SDK Firestore emulator is not installed at $sdk_jar." >&2
    echo "Install Java 21 (firebase-tools then fetches its own emulator) or the cloud-firestore-emulator component." >&2
    exit 1
  fi
  launcher="$root/.cache/firestore-launcher.jar"
  if [ ! -f "$launcher" ]; then
    mkdir -p "$root/.cache"
    printf 'Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore\nClass-Path: file:%s\n' "$sdk_jar" >"$root/.cache/manifest.txt"
    jar cfm "$launcher" "$root/.cache/manifest.txt"
  fi
  export FIRESTORE_EMULATOR_BINARY_PATH="$launcher"
fi
