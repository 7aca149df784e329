#!/bin/sh
# install-man.sh CMAKE BUILDDIR MANDIR FULL_MANDIR TCREG - cmake --install puts
# every manual page of MANDIR, and its Chinese twin from MANDIR/zh_CN, where
# man finds it: a Chinese reader (man -L zh_CN, as LANG=zh_CN.UTF-8 does) gets
# the Chinese page, anyone else the English one; so does tcreg help.
set -u
cmake=$1
build=$2
dir=$3
mandir=$4
tcreg=$5
fail=0
prefix=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-install-XXXXXX")
trap 'rm -rf "$prefix"' EXIT
DESTDIR=$prefix "$cmake" --install "$build" >"$prefix.log" 2>&1 ||
	{ echo "FAIL: cmake --install:"; cat "$prefix.log"; rm -f "$prefix.log"; exit 1; }
rm -f "$prefix.log"
root=$prefix$mandir
# man -M does not look in the language subdirectories; MANPATH does
MANPATH=$root
export MANPATH
for page in "$dir"/*.[15]; do
	name=$(basename "$page")
	sec=${name##*.}
	for lang in C zh_CN; do
		case $lang in C) want=$root/man$sec/$name ;; *) want=$root/$lang/man$sec/$name ;; esac
		have=$(man -L "$lang" -w "$sec" "${name%.*}" 2>&1)
		if [ "$have" != "$want" ]; then
			echo "FAIL: $name for $lang: man finds '$have', not $want (an install rule missing in CMakeLists.txt?)"
			fail=1
		fi
	done
done
# tcreg help: the page in the language of the messages, also where LANG asks
# for Chinese and no zh_CN locale is installed (man alone would show English)
for env in LANG=zh_CN.UTF-8:认定登记合同 TCREG_LANG=en:'recognise and register'; do
	want=${env#*:}
	have=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u TCREG_LANG ${env%%:*} MANPAGER=cat \
		"$tcreg" help certify 2>&1 | sed -n '/^NAME$/,+1p; /^名称$/,+1p')
	case $have in
	*"$want"*) ;;
	*) echo "FAIL: ${env%%:*} tcreg help certify shows the wrong page: $have"; fail=1 ;;
	esac
done
[ $fail -eq 0 ] && echo "ok: every manual page installed, in English and in Chinese"
exit $fail
