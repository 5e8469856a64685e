#!/bin/sh
# render.sh TEMPLATE OUTPUT: fills the lab's `{{name}}` placeholders from environment variables named in
# upper case (`{{pgpool_address}}` ← $PGPOOL_ADDRESS). An unset variable is an error naming it, never an
# empty string in a config file.
set -eu
perl -pe 's/\{\{(\w+)\}\}/exists $ENV{uc $1} ? $ENV{uc $1} : die "render: $ARGV needs \$" . uc($1) . "\n"/ge' "$1" > "$2.tmp"
mv "$2.tmp" "$2"
