# fish completion for itsm. The candidates and their descriptions come from the binary
# (`itsm __complete WORDS...`), so they follow the installed itsm's commands and options, and
# offer live values: ticket ids (open ones first), priorities, groups, services, report periods.

function __itsm_complete
    set -l tokens (commandline -opc) (commandline -ct)
    set -l program $tokens[1]
    set -e tokens[1]
    for line in ($program __complete $tokens 2>/dev/null)
        switch $line
            case :files
                __fish_complete_path (commandline -ct)
            case :dirs
                __fish_complete_directories (commandline -ct)
            case '*'
                echo $line
        end
    end
end

complete -c itsm -f -k -a '(__itsm_complete)'
