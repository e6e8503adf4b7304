"""Named checks for the program tests: each prints "NAME: ok" or "NAME: FAILED" (and what
it saw), and the failures decide the script's exit status."""

failures = []


def check(name, condition, detail=""):
    print(f"{name}: {'ok' if condition else 'FAILED'}")
    if not condition:
        failures.append(name)
        if detail:
            print(detail)


def exit_status():
    """1 after any failed check, with their names; else 0."""
    if failures:
        print(f"{len(failures)} failed: {', '.join(failures)}")
        return 1
    return 0
