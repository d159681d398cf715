#!/usr/bin/env bash
# Sourced by suite.sh: stopping a process tree that is not one process group. firebase-tools
# starts the Firestore emulator's Java in a session of its own, so signalling firebase-tools'
# group alone can leave Java running and holding its port. Processes are found by their
# ancestry, never by name.

# The process groups of a process and of all its descendants.
tree_groups() {
  ps -eo pid=,ppid=,pgid= | awk -v root="$1" '
    { parent[$1] = $2; group[$1] = $3 }
    END {
      print root
      for (pid in parent) for (p = pid; p > 1; p = parent[p]) if (p == root) { print group[pid]; break }
    }' | sort -u
}

# Whether any process of these groups is alive (zombies, which have exited, do not count).
groups_alive() {
  local group
  for group in "$@"; do
    ps -eo pgid=,stat= | awk -v g="$group" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }' && return 0
  done
  return 1
}

# stop_tree <root> [grace seconds]: SIGTERM to the root's group, which may stop its own children
# (firebase-tools stops its emulators, and exports with --export-on-exit), for up to the grace
# period (default 10 s); then SIGKILL to it, and SIGTERM, then SIGKILL after 5 s, to whatever
# else of the tree is left. The groups are taken before the first signal, while every process
# of the tree still has its parent.
stop_tree() {
  local root=$1 wait_tenths=$(( ${2:-10} * 10 )) groups group
  groups=$(tree_groups "$root")
  kill -TERM -- -"$root" 2>/dev/null || true
  for _ in $(seq 1 "$wait_tenths"); do groups_alive "$root" || break; sleep 0.1; done
  kill -KILL -- -"$root" 2>/dev/null || true
  # shellcheck disable=SC2086 # one word per group
  for group in $groups; do kill -TERM -- -"$group" 2>/dev/null || true; done
  for _ in $(seq 1 50); do groups_alive $groups || return 0; sleep 0.1; done
  for group in $groups; do kill -KILL -- -"$group" 2>/dev/null || true; done
}

# freeze_tree <root>: SIGSTOP to the root's group (not to groups of its own below it, such as
# the Firestore emulator's Java): nothing in it runs, or answers a request, until it is killed.
freeze_tree() { kill -STOP -- -"$1" 2>/dev/null || true; }
