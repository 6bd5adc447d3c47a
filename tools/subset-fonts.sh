#!/usr/bin/env bash
# Rebuilds assets/fonts/*.ttf: Noto Serif, Noto Sans and Noto Sans Mono (SIL OFL 1.1) and
# DejaVu Sans as the symbol fallback (Bitstream Vera licence), subset to what a Vietnamese
# handbook needs: Latin with every Vietnamese letter, punctuation, currency (₫), arrows, math
# (≤ ≥ ±), check marks and the like. Subsetting keeps the repository small (the full fonts are
# ~0.5 MB each) and the exports light.
#
# Tinos (SIL OFL 1.1, no reserved font name, so a subset may keep its name), metric-compatible
# with Times New Roman, is the face of the administrative documents (Nghị định 30/2020/NĐ-CP
# asks for Times New Roman).
#
# Needs: Debian's fonts-noto-core, fonts-noto-mono, fonts-dejavu-core, fonts-croscore;
# fonttools (pip, or Debian's python3-fonttools).
# Run from the repository root: tools/subset-fonts.sh
set -euo pipefail
NOTO=/usr/share/fonts/truetype/noto
DEJAVU=/usr/share/fonts/truetype/dejavu
CROSCORE=/usr/share/fonts/truetype/croscore
OUT=assets/fonts
command -v pyftsubset >/dev/null || pyftsubset() { /usr/bin/python3 -m fontTools.subset "$@"; }
mkdir -p "$OUT"
# Latin + Vietnamese + punctuation + common symbols.
TEXT_RANGES="U+0020-007E,U+00A0-00FF,U+0100-017F,U+0180-024F,U+0300-0323,U+1EA0-1EF9,U+2000-206F,U+20A0-20BF,U+2100-214F,U+2190-21FF,U+2200-22FF,U+25A0-25FF,U+2610-2612,U+2713-2718,U+FFFD"
subset() { # src dst ranges
  pyftsubset "$1" --output-file="$2" --unicodes="$3" --layout-features='kern,liga,ccmp,mark,mkmk' \
    --no-hinting --desubroutinize --name-IDs='*' --name-languages='*' --drop-tables+=DSIG
}
for face in Regular Bold Italic BoldItalic; do
  subset "$NOTO/NotoSerif-$face.ttf" "$OUT/NotoSerif-$face.ttf" "$TEXT_RANGES"
done
for face in Regular Bold Italic BoldItalic; do
  subset "$NOTO/NotoSans-$face.ttf" "$OUT/NotoSans-$face.ttf" "$TEXT_RANGES"
done
for face in Regular Bold Italic BoldItalic; do
  subset "$CROSCORE/Tinos-$face.ttf" "$OUT/Tinos-$face.ttf" "$TEXT_RANGES"
done
subset "$NOTO/NotoSansMono-Regular.ttf" "$OUT/NotoSansMono-Regular.ttf" "$TEXT_RANGES"
subset "$DEJAVU/DejaVuSans.ttf" "$OUT/DejaVuSans-Symbols.ttf" "U+0020,U+00B0-00BF,U+2000-206F,U+20A0-20BF,U+2100-214F,U+2190-22FF,U+25A0-27BF,U+FFFD"
ls -la "$OUT"
