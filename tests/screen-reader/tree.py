#!/usr/bin/python3
"""Prints the accessible tree of the running game as a screen reader reads it (AT-SPI, through
python3-pyatspi): one line a node, indented by depth, `[role] 'name'`. Waits until the game has
registered and its tree has stopped changing (up to a deadline), so a slow software renderer
is not mistaken for a missing tree."""

import sys
import time

import pyatspi

APP = "quid-pro-quo"


def walk(acc, depth, out):
    try:
        role = acc.getRoleName()
        name = acc.name or ""
        n = acc.childCount
    except Exception as e:  # a node that vanished while it was read
        out.append("  " * depth + f"<gone: {e}>")
        return
    out.append("  " * depth + f"[{role}] {name!r}")
    for i in range(n):
        try:
            walk(acc.getChildAtIndex(i), depth + 1, out)
        except Exception as e:
            out.append("  " * (depth + 1) + f"<gone: {e}>")


def tree():
    desk = pyatspi.Registry.getDesktop(0)
    for i in range(desk.childCount):
        app = desk.getChildAtIndex(i)
        if app is not None and app.name == APP:
            out = []
            walk(app, 0, out)
            return out
    return []


def main():
    deadline = time.time() + float(sys.argv[1] if len(sys.argv) > 1 else 90)
    last, stable = None, 0
    while time.time() < deadline:
        now = tree()
        if len(now) > 3 and now == last:
            stable += 1
            if stable >= 2:
                break
        else:
            stable = 0
        last = now
        time.sleep(1.5)
    print("\n".join(last or []))


main()
