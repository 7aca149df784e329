#!/usr/bin/perl
# man-zh-breaks.pl SOURCE PAGE - a Chinese manual page as installed: a
# zero-width break point (\:) wherever a line may break between Chinese
# characters, since groff breaks lines only at spaces.  groff's own zh.tmac
# (character flags 512) makes troff 1.22.4 loop forever on some mixed Chinese
# and Latin text, so the break points are written out here instead.
# No break before closing punctuation or after opening punctuation; none in
# comments, .TH, headings and the NAME line (whatis reads them) or .EX blocks.
use strict;
use warnings;
use utf8;

@ARGV == 2 or die "usage: man-zh-breaks.pl SOURCE PAGE\n";
my ($source, $page) = @ARGV;
open(my $in, '<:encoding(UTF-8)', $source) or die "$source: $!\n";
open(my $out, '>:encoding(UTF-8)', "$page.tmp") or die "$page.tmp: $!\n";

my $han   = qr/[\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}]/;
my $close = qr/[\x{3001}\x{3002}\x{FF0C}\x{FF1B}\x{FF1A}\x{FF01}\x{FF1F}\x{FF09}\x{300B}\x{300D}\x{300F}\x{3011}\x{3015}\x{201D}]/;
my $open  = qr/[\x{FF08}\x{300A}\x{300C}\x{300E}\x{3010}\x{3014}\x{201C}]/;
my $font  = qr/(?:\\f[BIRP])*/;

my ($in_name, $no_fill) = (0, 0);
while (my $line = <$in>) {
	$in_name = 0 if $line =~ /^\.SH/;
	$no_fill = 1 if $line =~ /^\.(EX|nf)\b/;
	$no_fill = 0 if $line =~ /^\.(EE|fi)\b/;
	if (!$in_name && !$no_fill && $line !~ /^\.(\\"|TH\b|SH\b|SS\b)/) {
		# between two Chinese characters, before opening punctuation
		$line =~ s/($han|$close)($font)(?=$han|$open)/$1\\:$2/g;
		# after closing punctuation, unless more closing punctuation follows
		# or it is inside a number written in full-width digits (１，２３４)
		$line =~ s/(?<![\x{FF10}-\x{FF19}])($close)($font)(?=[^\s\\\x{FF10}-\x{FF19}]|\\f)(?!$close)/$1\\:$2/g;
	}
	$in_name = 1 if $line =~ /^\.SH\s+名称/;
	print $out $line;
}
close($out) or die "$page.tmp: $!\n";
rename("$page.tmp", $page) or die "$page: $!\n";
