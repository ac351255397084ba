"""The chart of make bench-load, written as SVG by hand (no plotting library):
requests per second and p95 latency per 5-second slice of the steady phase,
errors as red ticks, each fault as a shaded band with its name."""

from html import escape
from pathlib import Path

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 900, 420, 60, 60, 40, 50
SLICE = 5.0


def _series(rows, t0):
    slices: dict[int, list] = {}
    for t, name, ms, status in rows:
        if t >= t0:
            slices.setdefault(int((t - t0) // SLICE), []).append((ms, status, name))
    out = []
    for index in sorted(slices):
        items = slices[index]
        timed = sorted(ms for ms, status, name in items if 0 < status < 500)
        p95 = timed[min(len(timed) - 1, int(0.95 * (len(timed) - 1)))] if timed else 0.0
        errors = sum(1 for ms, status, name in items if status == 0 or status >= 500)
        out.append((index * SLICE, len(items) / SLICE, p95, errors))
    return out


def write_chart(path: Path, rows, t0: float, faults: list[dict], *, title: str) -> None:
    series = _series(rows, t0)
    if not series:
        return
    span = max(s[0] for s in series) + SLICE
    top_rps = max(1.0, max(s[1] for s in series)) * 1.1
    top_ms = max(350.0, max(s[2] for s in series) * 1.1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(t):
        return LEFT + plot_w * t / span

    def y(value, top):
        return TOP + plot_h * (1 - value / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="22" font-size="14">{escape(title)}</text>',
    ]
    for fault in faults:
        a, b = x(fault["start"] - t0), x(max(fault["end"] - t0, fault["start"] - t0 + 1))
        parts.append(
            f'<rect x="{a:.1f}" y="{TOP}" width="{b - a:.1f}" height="{plot_h}" fill="#f4cccc"/>'
            f'<text x="{a:.1f}" y="{TOP + 12}" font-size="10">{escape(fault["fault"])}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{y(300, top_ms):.1f}" x2="{LEFT + plot_w}" y2="{y(300, top_ms):.1f}" '
        'stroke="#e69138" stroke-dasharray="4 3"/>'
        f'<text x="{LEFT + plot_w + 4}" y="{y(300, top_ms) + 4:.1f}" fill="#e69138">300 ms</text>'
    )
    rps = " ".join(f"{x(t + SLICE / 2):.1f},{y(v, top_rps):.1f}" for t, v, _p, _e in series)
    p95 = " ".join(f"{x(t + SLICE / 2):.1f},{y(p, top_ms):.1f}" for t, _v, p, _e in series)
    parts.append(f'<polyline points="{rps}" fill="none" stroke="#0b5394" stroke-width="2"/>')
    parts.append(f'<polyline points="{p95}" fill="none" stroke="#6aa84f" stroke-width="2"/>')
    for t, _v, _p, errors in series:
        if errors:
            parts.append(
                f'<line x1="{x(t + SLICE / 2):.1f}" y1="{TOP + plot_h}" x2="{x(t + SLICE / 2):.1f}" '
                f'y2="{TOP + plot_h - min(40, 4 + errors):.1f}" stroke="#cc0000" stroke-width="3"/>'
            )
    parts.append(
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>'
        f'<text x="{LEFT - 8}" y="{TOP + 4}" text-anchor="end" fill="#0b5394">{top_rps:.0f}/s</text>'
        f'<text x="{LEFT - 8}" y="{TOP + plot_h}" text-anchor="end" fill="#0b5394">0</text>'
        f'<text x="{LEFT + plot_w + 4}" y="{TOP + 4}" fill="#6aa84f">{top_ms:.0f} ms</text>'
        f'<text x="{LEFT}" y="{HEIGHT - 28}">0 s</text>'
        f'<text x="{LEFT + plot_w}" y="{HEIGHT - 28}" text-anchor="end">{span:.0f} s</text>'
        f'<text x="{LEFT}" y="{HEIGHT - 10}" fill="#0b5394">requests per second</text>'
        f'<text x="{LEFT + 170}" y="{HEIGHT - 10}" fill="#6aa84f">p95 latency (5 s slices)</text>'
        f'<text x="{LEFT + 360}" y="{HEIGHT - 10}" fill="#cc0000">errors (5xx, refused)</text>'
        f'<text x="{LEFT + 520}" y="{HEIGHT - 10}" fill="#c27ba0">faults shaded</text>'
        "</svg>"
    )
    path.write_text("\n".join(parts) + "\n")
