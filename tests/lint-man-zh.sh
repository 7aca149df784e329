#!/bin/sh
# lint-man-zh.sh TCREG MANDIR BUILTDIR - the Chinese manual pages, MANDIR/zh_CN:
#  - each, as built into BUILTDIR (tools/man-zh-breaks.pl adds the points where
#    a line may break), renders without a groff warning, in bounded time;
#  - no source line break falls between two Chinese characters (it would print
#    as a space), and the section headings are Chinese;
#  - each English page has its Chinese twin and each Chinese page its original;
#  - a twin mentions the same options (--name, -x) and names (settings, JSON
#    keys, codes, variables: words with an underscore), each as many times as
#    its original, so a page updated in English only is caught and named;
#  - each command page's 概要 is the usage the Chinese --help prints.
set -u
tcreg=$1
dir=$2
zh=$dir/zh_CN
built=$3
fail=0
LC_ALL=C.UTF-8
export LC_ALL

# options a page documents, one a line for each mention: --long-name and -x
options() {
	perl -ne 's/\\f(\[[^]]*\]|\(..|.)//g; s/\\-/-/g;
		print "$1\n" while /(?<![\w.\-])(--[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*|-[A-Za-z](?![\w\-]))/g' "$1"
}
# names a translation keeps as they are: words with an underscore
names() {
	perl -ne 's/\\f(\[[^]]*\]|\(..|.)//g; s/\\-/-/g;
		print "$1\n" while /(?<![\w])(\w*_\w*)/g' "$1" | grep -v '^_*$'
}
# compare EN ZH: the options and names one page has and the other lacks, and
# those it mentions more often (a sentence added in English only)
compare() {
	rc=0
	for what in options names; do
		$what "$1" >"$work/en"
		$what "$2" >"$work/zh"
		diffs=$(awk 'NR == FNR { en[$0]++; next } { zh[$0]++ }
			END {
				for (k in en) if (!(k in zh)) print "1 " k
				for (k in zh) if (!(k in en)) print "2 " k
				for (k in en) if ((k in zh) && en[k] != zh[k]) print "3 " k " (" en[k] "/" zh[k] ")"
			}' "$work/en" "$work/zh" | sort)
		[ -n "$diffs" ] || continue
		echo "FAIL: $2 and $1 document different $what:"
		l=$(printf '%s\n' "$diffs" | sed -n 's/^1 //p' | tr '\n' ' ')
		[ -n "$l" ] && echo "  only in the English page (translate them): $l"
		l=$(printf '%s\n' "$diffs" | sed -n 's/^2 //p' | tr '\n' ' ')
		[ -n "$l" ] && echo "  only in the Chinese page: $l"
		l=$(printf '%s\n' "$diffs" | sed -n 's/^3 //p' | tr '\n' ' ')
		[ -n "$l" ] && echo "  mentioned a different number of times (English/Chinese): $l"
		rc=1
	done
	n_en=$(grep -c '^\.S[HS]' "$1")
	n_zh=$(grep -c '^\.S[HS]' "$2")
	if [ "$n_en" != "$n_zh" ]; then
		echo "FAIL: $1 has $n_en sections (.SH/.SS), $2 has $n_zh"
		rc=1
	fi
	return $rc
}
# the source line breaks between two Chinese characters, each printed as a
# space in the output; not the one after a .TP tag (the line after .TP), which
# stands on its own line: joined to its text, the whole line would be the tag
breaks() {
	perl -CSD -ne 'BEGIN { $c = qr/[\x{2E80}-\x{9FFF}\x{3000}-\x{303F}\x{FF00}-\x{FFEF}]/ }
		$ex = 1 if /^\.(EX|nf|TS)\b/; $ex = 0 if /^\.(EE|fi|TE)\b/;
		$tag = defined $pprev && $pprev =~ /^\.TP\b/;
		print "FAIL: $ARGV:", $. - 1, ": a line break between Chinese characters puts a space in the output; join the lines\n"
			if !$ex && !$tag && defined $prev && $prev !~ /^[.\x27]/ && !/^[.\x27]/ && $prev =~ /$c$/ && /^$c/;
		$pprev = $prev; chomp($prev = $_)' "$1"
}
work=$(mktemp -d "${TMPDIR:-/tmp}/tcreg-man-zh-XXXXXX")
trap 'rm -rf "$work"' EXIT

for page in "$zh"/*.[15]; do
	[ -f "$page" ] || continue
	page_built=$built/$(basename "$page")
	if [ ! -f "$page_built" ] || [ "$page_built" -ot "$page" ]; then
		echo "FAIL: $page_built is missing or older than $page: build first"
		fail=1
	else
		# troff 1.22.4 can loop forever on Chinese text (see the tool): fail, not hang
		out=$(timeout 60 groff -k -t -man -Tutf8 -ww -z "$page_built" 2>&1)
		rc=$?
		if [ $rc -eq 124 ]; then
			echo "FAIL: $page_built: groff did not finish in 60 seconds"
			fail=1
		elif [ $rc -ne 0 ] || [ -n "$out" ]; then
			echo "FAIL: $page_built: groff says:"
			echo "$out"
			fail=1
		fi
	fi
	breaks "$page" | grep . && fail=1
	latin=$(sed -n 's/^\.S[HS] *//p' "$page" | grep '[A-Za-z]')
	if [ -n "$latin" ]; then
		echo "FAIL: $page: section headings not in Chinese: $latin"
		fail=1
	fi
done

for page in "$dir"/*.[15]; do
	twin=$zh/$(basename "$page")
	if [ ! -f "$twin" ]; then
		echo "FAIL: $page has no Chinese twin $twin"
		fail=1
	else
		compare "$page" "$twin" || fail=1
	fi
done
for page in "$zh"/*.[15]; do
	[ -f "$page" ] || continue
	[ -f "$dir/$(basename "$page")" ] || { echo "FAIL: $page has no English original in $dir"; fail=1; }
done

synopsis() {
	# the 概要 section as plain text, one usage per line (groff may print \- as U+2212)
	groff -k -t -man -Tutf8 -rLL=300n -P-cbou "$1" 2>/dev/null |
		sed -n '/^概要$/,/^[^ ]/p' | sed '1d;$d' | sed -e 's/^ *//' -e 's/−/-/g' | grep -v '^$'
}
for page in "$built"/tcreg-*.1; do
	[ -f "$page" ] || continue
	cmd=$(basename "$page" .1)
	cmd=${cmd#tcreg-}
	want=$(synopsis "$page")
	have=$(COLUMNS=1000 TCREG_LANG=zh "$tcreg" "$cmd" --help 2>&1 | grep -E '^(用法：|  或：)' |
		sed -e 's/^用法：//' -e 's/^  或：//')
	if [ "$want" != "$have" ]; then
		echo "FAIL: $page: 概要 does not match 'TCREG_LANG=zh tcreg $cmd --help'"
		echo "--- man:"; echo "$want"; echo "--- help:"; echo "$have"
		fail=1
	fi
done
# every command in the table has a Chinese page
for cmd in $(TCREG_LANG=en "$tcreg" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/Commands:/ {print $1}'); do
	case $cmd in help) continue ;; esac
	[ -f "$zh/tcreg-$cmd.1" ] || { echo "FAIL: no Chinese man page for '$cmd' ($zh/tcreg-$cmd.1)"; fail=1; }
done

# tcreg help, uninstalled, shows a Chinese reader the Chinese page as built
mkdir "$work/no-man"
have=$(MANPATH=$work/no-man TCREG_LANG=zh MANPAGER=cat "$tcreg" help certify 2>/dev/null | sed -n '/^名称$/,+1p')
case $have in
*认定登记合同*) ;;
*) echo "FAIL: TCREG_LANG=zh tcreg help certify, uninstalled, does not show the Chinese page: $have"; fail=1 ;;
esac

# the comparison itself can fail: an option dropped from a twin, one added to
# it, and one mentioned once less are each named (an extraction that found
# nothing would pass everything)
if [ -f "$dir/tcreg-init.1" ] && [ -f "$zh/tcreg-init.1" ]; then
	grep -v 'agency\\-name' "$zh/tcreg-init.1" >"$work/dropped.1"
	{ cat "$zh/tcreg-init.1"; printf '%s\n' '\fB\-\-self\-test\fR'; } >"$work/added.1"
	grep -v '^\.BI \\-\\-agency\\-name' "$zh/tcreg-init.1" >"$work/fewer.1"
	n_en=$(options "$dir/tcreg-init.1" | grep -c '^--agency-name$')
	n_zh=$(options "$work/fewer.1" | grep -c '^--agency-name$')
	if ! compare "$dir/tcreg-init.1" "$work/dropped.1" | grep -q 'only in the English page.* --agency-name ' ||
		! compare "$dir/tcreg-init.1" "$work/added.1" | grep -q 'only in the Chinese page.* --self-test ' ||
		! compare "$dir/tcreg-init.1" "$work/fewer.1" | grep -q "different number of times.* --agency-name ($n_en/$n_zh)"; then
		echo "FAIL: the comparison does not notice an option dropped from, added to or mentioned less in a page"
		fail=1
	fi
fi
# the line-break check can fail: a sentence broken between two characters is
# named, a .TP tag on its own line above its text is not
printf '%s\n' '.PP' '登记库是' '本机构的记录。' '.TP' '代码' '合同类别。' >"$work/breaks.1"
if [ "$(breaks "$work/breaks.1")" != "FAIL: $work/breaks.1:2: a line break between Chinese characters puts a space in the output; join the lines" ]; then
	echo "FAIL: the line-break check does not name a broken sentence, or names a .TP tag:"
	breaks "$work/breaks.1"
	fail=1
fi
[ $fail -eq 0 ] && echo "ok: Chinese man pages lint clean, match their English originals and --help"
exit $fail
