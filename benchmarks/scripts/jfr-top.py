#!/usr/bin/env python3
"""Top costs in a JFR recording: CPU samples by leaf frame and by jnsq method (inclusive), and
allocation samples by allocating frame. Reads `jfr print --json` output, so it needs only a JDK.

    benchmarks/scripts/jfr-top.py recording.jfr [--top 25] [--threads jnsq-tcp-io]
"""
import argparse
import collections
import json
import subprocess
import sys


def events(recording, event_type):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", event_type, recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(frame):
    method = frame["method"]
    return (method["type"]["name"] + "." + method["name"]).replace("/", ".")


def thread_name(event):
    thread = event["values"].get("sampledThread") or event["values"].get("eventThread") or {}
    return thread.get("javaName") or thread.get("osName") or "?"


def table(title, counter, total, top):
    print(f"\n{title} ({total} samples)")
    for name, count in counter.most_common(top):
        print(f"  {100.0 * count / max(total, 1):5.1f}%  {name}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("recording")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--threads", default="", help="only threads whose name starts with this")
    args = parser.parse_args()

    samples = [e for e in events(args.recording, "jdk.ExecutionSample")
               if thread_name(e).startswith(args.threads)]
    leaf, inclusive, threads = collections.Counter(), collections.Counter(), collections.Counter()
    for event in samples:
        frames = event["values"]["stackTrace"]["frames"]
        threads[thread_name(event).rstrip("0123456789-")] += 1
        if frames:
            leaf[frame_name(frames[0])] += 1
        for name in {frame_name(f) for f in frames if frame_name(f).startswith("io.jnsq")}:
            inclusive[name] += 1
    table("CPU samples by thread group", threads, len(samples), args.top)
    table("CPU samples by leaf method (self time)", leaf, len(samples), args.top)
    table("CPU samples by jnsq method (inclusive)", inclusive, len(samples), args.top)

    # threads inside native code (socket and file I/O, fsync) are sampled separately
    natives = collections.Counter()
    native_samples = [e for e in events(args.recording, "jdk.NativeMethodSample")
                      if thread_name(e).startswith(args.threads)]
    for event in native_samples:
        frames = event["values"]["stackTrace"]["frames"]
        caller = next((frame_name(f) for f in frames if frame_name(f).startswith("io.jnsq")), "-")
        natives[(frame_name(frames[0]) if frames else "?") + "  <- " + caller] += 1
    table("Native samples by native method and first jnsq caller", natives, len(native_samples), args.top)

    allocations = collections.Counter()
    allocated_total = 0
    for event in events(args.recording, "jdk.ObjectAllocationSample"):
        if not thread_name(event).startswith(args.threads):
            continue
        weight = event["values"].get("weight", 0)
        frames = event["values"]["stackTrace"]["frames"] if event["values"].get("stackTrace") else []
        site = next((frame_name(f) for f in frames if frame_name(f).startswith("io.jnsq")),
                    frame_name(frames[0]) if frames else "?")
        cls = event["values"]["objectClass"]["name"]
        allocations[f"{cls} at {site}"] += weight
        allocated_total += weight
    print(f"\nAllocation by class and first jnsq frame ({allocated_total / 1e6:.0f} MB sampled weight)")
    for name, weight in allocations.most_common(args.top):
        print(f"  {100.0 * weight / max(allocated_total, 1):5.1f}%  {name}")


if __name__ == "__main__":
    sys.exit(main())
