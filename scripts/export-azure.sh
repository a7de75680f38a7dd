#!/usr/bin/env bash
# Exports the Azure network state that nsgaudit reads offline, one folder per subscription:
#
#   scripts/export-azure.sh OUT_DIR [SUBSCRIPTION_ID ...]
#
# Without a subscription, the az CLI's current one (az account show). Needs the az CLI, logged in (az login) with
# read access (Reader is enough). Then: nsgaudit check OUT_DIR
#
# Azure Virtual Network Manager security admin rules (the virtual-network-manager az extension): for each network
# manager of the subscription, its network groups, their static members, its security admin configurations, their
# rule collections and rules, one file per list under avnm/. Dynamic (Azure Policy) membership is not exported:
# nsgaudit treats a group without static members as of unknown membership.
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

export_network_managers() { # DIR SUBSCRIPTION
    local dir=$1/avnm subscription=$2 manager group config collection
    az network manager list --subscription "$subscription" --query "[].[name, resourceGroup]" -o tsv |
    while IFS=$'\t' read -r manager rg; do
        mkdir -p "$dir"
        local nm=(--network-manager-name "$manager" --resource-group "$rg" --subscription "$subscription")
        export_list "$dir/$manager-groups.json" az network manager group list "${nm[@]}"
        for group in $(az network manager group list "${nm[@]}" --query "[].name" -o tsv); do
            export_list "$dir/$manager-group-$group-static-members.json" \
                az network manager group static-member list "${nm[@]}" --network-group-name "$group"
        done
        export_list "$dir/$manager-security-admin-configs.json" az network manager security-admin-config list "${nm[@]}"
        for config in $(az network manager security-admin-config list "${nm[@]}" --query "[].name" -o tsv); do
            export_list "$dir/$manager-$config-rule-collections.json" \
                az network manager security-admin-config rule-collection list "${nm[@]}" --configuration-name "$config"
            for collection in $(az network manager security-admin-config rule-collection list "${nm[@]}" \
                    --configuration-name "$config" --query "[].name" -o tsv); do
                export_list "$dir/$manager-$config-$collection-rules.json" \
                    az network manager security-admin-config rule-collection rule list "${nm[@]}" \
                    --configuration-name "$config" --rule-collection-name "$collection"
            done
        done
    done
}

for subscription in "$@"; do
    dir="$out/$subscription"
    mkdir -p "$dir"
    export_list "$dir/nsgs.json" az network nsg list --subscription "$subscription"
    export_list "$dir/vnets.json" az network vnet list --subscription "$subscription"
    export_list "$dir/nics.json" az network nic list --subscription "$subscription"
    export_list "$dir/asgs.json" az network asg list --subscription "$subscription"
    export_list "$dir/vmss.json" az vmss list --subscription "$subscription"
    export_network_managers "$dir" "$subscription"
    echo "exported subscription $subscription to $dir" >&2
done
