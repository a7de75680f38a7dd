#!/usr/bin/env bash
# Exports the Azure network state that nsgaudit reads offline, one folder per subscription:
#
#   scripts/export-azure.sh OUT_DIR [SUBSCRIPTION_ID ...]
#
# Without a subscription, the az CLI's current one (az account show). Needs the az CLI, logged in (az login) with
# read access (Reader is enough). Then: nsgaudit check OUT_DIR
#
# Each file is the JSON array an az list command prints; the az list commands page through every resource of the
# subscription. A file is written only when its command succeeded, so a failed export never leaves half a file.
set -euo pipefail

if [ $# -lt 1 ]; then
    echo "usage: $0 OUT_DIR [SUBSCRIPTION_ID ...]" >&2
    exit 2
fi
out=$1
shift
if [ $# -eq 0 ]; then
    set -- "$(az account show --query id -o tsv)"
fi

export_list() { # FILE COMMAND...
    local file=$1
    shift
    "$@" -o json > "$file.partial"
    mv "$file.partial" "$file"
}

for subscription in "$@"; do
    dir="$out/$subscription"
    mkdir -p "$dir"
    export_list "$dir/nsgs.json" az network nsg list --subscription "$subscription"
    export_list "$dir/vnets.json" az network vnet list --subscription "$subscription"
    export_list "$dir/nics.json" az network nic list --subscription "$subscription"
    export_list "$dir/asgs.json" az network asg list --subscription "$subscription"
    export_list "$dir/vmss.json" az vmss list --subscription "$subscription"
    echo "exported subscription $subscription to $dir" >&2
done
