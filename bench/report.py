#!/usr/bin/env python3
"""Turns the key=value lines that bench/run.sh collected into latest.json and latest.md.

Usage: report.py RESULTS.kv OUT.json OUT.md DOTNET_VERSION
Keys holding numbers become numbers, "null" becomes null, "note.X" lines become notes["X"], and keys with a dot
(cpu_s.PHASE.PROCESS) become nested objects. Ratios and targets are computed here, from issue 6.
"""
import datetime
import json
import os
import platform
import sys


# The keys issue 6 asks for: always present in latest.json, null when not measured.
REQUIRED = ("tls_baseline_mbps", "tunnel_up_mbps", "tunnel_down_mbps", "softether_up_mbps", "softether_down_mbps",
            "tls_handshakes_per_s", "setups_per_s", "setup_p99_ms", "idle_sessions", "server_rss_mib",
            "rss_per_session_kib", "rtt_idle_ms", "rtt_loaded_ms")


def value(text):
    if text == "null":
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def load(path):
    flat, notes, nested = {}, {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "=" not in line:
                continue
            key, text = line.split("=", 1)
            if key.startswith("note."):
                notes[key[5:]] = text
            elif "." in key:
                node = nested
                parts = key.split(".")
                for part in parts[:-1]:
                    node = node.setdefault(part, {})
                node[parts[-1]] = value(text)
            else:
                flat[key] = value(text)
    return flat, notes, nested


def ratio(a, b, digits=2):
    return round(a / b, digits) if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else None


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def main():
    kv, out_json, out_md, dotnet = sys.argv[1:5]
    r, notes, nested = load(kv)
    for key in REQUIRED:
        r.setdefault(key, None)
    get = r.get
    ratios = {
        "tunnel_up_vs_tls": ratio(get("tunnel_up_mbps"), get("tls_baseline_up_mbps")),
        "tunnel_down_vs_tls": ratio(get("tunnel_down_mbps"), get("tls_baseline_down_mbps")),
        "tunnel_vs_softether_up": ratio(get("tunnel_up_mbps"), get("softether_up_mbps")),
        "tunnel_vs_softether_down": ratio(get("tunnel_down_mbps"), get("softether_down_mbps")),
        "setups_vs_handshakes": ratio(get("setups_per_s"), get("tls_handshakes_per_s")),
        "rtt_loaded_minus_idle": round(get("rtt_loaded_ms") - get("rtt_idle_ms"), 3)
        if isinstance(get("rtt_loaded_ms"), (int, float)) and isinstance(get("rtt_idle_ms"), (int, float)) else None,
    }

    def at_least(x, limit):
        return None if x is None else x >= limit

    def at_most(x, limit):
        return None if x is None else x <= limit

    # (key in the table, shown value, target text, met?) - None when the figure is missing.
    targets = {
        "tunnel_up_vs_tls": ("≥ 0.8", at_least(ratios["tunnel_up_vs_tls"], 0.8)),
        "tunnel_down_vs_tls": ("≥ 0.8", at_least(ratios["tunnel_down_vs_tls"], 0.8)),
        "tunnel_vs_softether_up": ("≥ 3", at_least(ratios["tunnel_vs_softether_up"], 3)),
        "tunnel_vs_softether_down": ("≥ 3", at_least(ratios["tunnel_vs_softether_down"], 3)),
        "idle_sessions": ("≥ 10000", at_least(get("idle_sessions"), 10000)),
        "server_rss_mib": ("≤ 1024 (with 10000 up)", None if get("server_rss_mib") is None
                           else get("server_rss_mib") <= 1024 and (get("idle_sessions") or 0) >= 10000),
        "setups_per_s": ("≥ 1000", at_least(get("setups_per_s"), 1000)),
        "setups_vs_handshakes": ("≥ 0.5", at_least(ratios["setups_vs_handshakes"], 0.5)),
        "rtt_loaded_minus_idle": ("≤ 5 ms", at_most(ratios["rtt_loaded_minus_idle"], 5)),
    }
    uname = os.uname()
    result = dict(r)
    result.update({
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {"cores": os.cpu_count(), "cpu": cpu_model(), "kernel": uname.release, "dotnet": dotnet,
                    "load_average": [round(x, 2) for x in os.getloadavg()]},
        "cpu_s": nested.get("cpu_s", {}),
        "ratios": ratios,
        "targets_met": {k: v[1] for k, v in targets.items()},
        "notes": notes,
    })
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")

    def show(x):
        return "—" if x is None else str(x)

    def met(x):
        return "" if x is None else ("yes" if x else "**no**")

    rows = [
        ("tls_baseline_mbps", "mean of up and down", None),
        ("tls_baseline_up_mbps", "", None), ("tls_baseline_down_mbps", "", None),
        ("tls_1500b_writes_up_mbps", "", None), ("tls_1500b_writes_down_mbps", "", None),
        ("tunnel_up_mbps", "", "tunnel_up_vs_tls"), ("tunnel_down_mbps", "", "tunnel_down_vs_tls"),
        ("softether_up_mbps", "", "tunnel_vs_softether_up"), ("softether_down_mbps", "", "tunnel_vs_softether_down"),
        ("tls_handshakes_per_s", "", None), ("setups_per_s", "", "setups_per_s"),
        ("setup_p50_ms", "", None), ("setup_p99_ms", "", None), ("idle_sessions", "", "idle_sessions"),
        ("server_rss_before_mib", "", None), ("server_rss_mib", "median while held", "server_rss_mib"),
        ("server_rss_peak_mib", "during the setups", None),
        ("rss_per_session_kib", "", None),
        ("rtt_idle_ms", "median of 20", None), ("rtt_loaded_ms", "median of 20, iperf3 -R running", "rtt_loaded_minus_idle"),
        ("rtt_loaded_up_ms", "median of 20, iperf3 up running", None), ("softether_rtt_idle_ms", "", None),
    ]
    m = result["machine"]
    lines = [
        f"# sstp bench/run.sh — {result['date']}",
        "",
        f"{m['cores']} cores {m['cpu']}, kernel {m['kernel']}, .NET SDK {dotnet}, load average at the end "
        f"{' / '.join(str(x) for x in m['load_average'])}; run took {show(get('elapsed_s'))} s.",
        "",
        "| key | value | target (ratio) | ratio | met? |",
        "|---|---:|---|---:|---|",
    ]
    for key, comment, target in rows:
        v = show(get(key)) + (f" ({comment})" if comment and get(key) is not None else "")
        if target is None:
            lines.append(f"| `{key}` | {v} | | | |")
        elif target in ratios:
            lines.append(f"| `{key}` | {v} | {target} {targets[target][0]} | {show(ratios[target])} | {met(targets[target][1])} |")
        else:
            lines.append(f"| `{key}` | {v} | {targets[target][0]} | | {met(targets[target][1])} |")
    extra = {k: v for k, v in targets.items() if k == "setups_vs_handshakes"}
    for k, (text, ok) in extra.items():
        lines.append(f"| `{k}` (ratio) | {show(ratios[k])} | {text} | | {met(ok)} |")
    if result["cpu_s"]:
        lines += ["", "CPU seconds per phase (utime + stime): " + "; ".join(
            f"{phase} " + ", ".join(f"{proc} {show(sec)}" for proc, sec in procs.items())
            for phase, procs in result["cpu_s"].items()) + "."]
    if notes:
        lines += [""] + [f"- {k}: {v}" for k, v in notes.items()]
    with open(out_md, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
