#!/bin/sh
# Command-line golden tests: filled in as the commands land.
echo "cli: no command tests yet"
