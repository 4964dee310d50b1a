# Asks the bash completion for a command line as readline hands it over (cursor at the end),
# in a bash with bash-completion loaded; prints COMPREPLY one per line.
#   bash completion_line.sh SCRIPT LINE
source /usr/share/bash-completion/bash_completion
source "$1"
COMP_LINE=$2
COMP_POINT=${#COMP_LINE}
# readline's words: split at blanks, with "=" (in COMP_WORDBREAKS) a word of its own.
COMP_WORDS=()
for w in $COMP_LINE; do
  while [[ $w == *=* ]]; do
    [[ -n ${w%%=*} ]] && COMP_WORDS+=("${w%%=*}")
    COMP_WORDS+=("=")
    w=${w#*=}
  done
  [[ -n $w ]] && COMP_WORDS+=("$w")
done
[[ $COMP_LINE == *[[:space:]] || $COMP_LINE == *= ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
complete_function=$(complete -p itsm | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
"$complete_function" itsm "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}"
