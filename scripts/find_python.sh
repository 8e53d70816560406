#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or explain on stderr how to get one and exit 1.
# Order: $PYTHON, python3.13, python3.12, python3, then pyenv's installed 3.12+ versions.
set -u

is_suitable() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
candidates+=(python3.13 python3.12 python3)
if command -v pyenv >/dev/null 2>&1; then
    root=$(pyenv root)
    for dir in $(ls -d "$root"/versions/3.* 2>/dev/null | sort -t. -k2,2nr); do
        candidates+=("$dir/bin/python")
    done
fi

for candidate in "${candidates[@]}"; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if is_suitable "$path"; then
        echo "$path"
        exit 0
    fi
done

echo "error: ScamScape needs Python >= 3.12 (Mesa 3.5 requires it); none found among \$PYTHON, python3.13, python3.12, python3 or pyenv versions. Install one (e.g. 'pyenv install 3.12') or set PYTHON=/path/to/python3.12." >&2
exit 1
