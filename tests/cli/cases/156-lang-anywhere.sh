# --lang before the command (after another global option's value) or after
# it, in both spellings: the message is in the language asked for
raw -q init
TCREG_LANG=zh tcreg --operator clerk1 --lang en list --status nosuch
TCREG_LANG=zh tcreg list --status nosuch --lang en
TCREG_LANG=en tcreg list --lang zh --status nosuch
TCREG_LANG=en tcreg list --status nosuch --lang=zh
# the last one given wins
TCREG_LANG=en tcreg --lang zh list --lang en --status nosuch
TCREG_LANG=en tcreg list --status nosuch --lang fr
