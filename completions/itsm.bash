# bash completion for itsm. The candidates come from the binary (`itsm __complete WORDS...`),
# so they follow the commands and options of the itsm that is installed, and offer live values:
# ticket ids (open ones first), priorities, groups, services and report periods.

_itsm() {
    local cur prev words cword split
    _init_completion -s || return

    # --option=value was split into prev/cur: hand the binary the option and the partial value.
    local -a args
    if [[ $split == true ]]; then
        args=("${words[@]:1:cword-1}" "$prev" "$cur")
    else
        args=("${words[@]:1:cword}")
    fi

    local line fallback=""
    local -a found=()
    while IFS= read -r line; do
        case $line in
            :files) fallback=files ;;
            :dirs) fallback=dirs ;;
            '') ;;
            *) found+=("${line%%$'\t'*}") ;;
        esac
    done < <("${words[0]}" __complete "${args[@]}" 2>/dev/null)

    COMPREPLY=("${found[@]}")
    # Ticket ids come open-first: keep the binary's order.
    compopt -o nosort 2>/dev/null
    case $fallback in
        files) _filedir ;;
        dirs) _filedir -d ;;
    esac
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == --*= ]]; then
        compopt -o nospace 2>/dev/null
    fi
}
complete -F _itsm itsm
