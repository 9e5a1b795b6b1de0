package dev.liverec.media.hls;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HlsPlaylistCheckerTest {
    private static final String HEAD = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n";

    @Test
    void renderedPlaylistIsValidAndGrowsByAppendOnly() {
        HlsPlaylist p = new HlsPlaylist(4);
        Instant t = Instant.parse("2026-11-25T10:00:00.125Z");
        p.add(new HlsPlaylist.Segment("s0.ts", 4000, t, false));
        String v1 = p.render();
        p.add(new HlsPlaylist.Segment("s1.ts", 4499, t.plusMillis(4000), false));
        p.add(new HlsPlaylist.Segment("s2.ts", 1234, t.plusSeconds(60), true));
        String v2 = p.render();
        p.end();
        String v3 = p.render();
        assertThat(HlsPlaylistChecker.check(v1)).isEmpty();
        HlsPlaylistChecker.Summary s = HlsPlaylistChecker.require(v3);
        assertThat(s.uris()).containsExactly("s0.ts", "s1.ts", "s2.ts");
        assertThat(s.ended()).isTrue();
        assertThat(s.playlistType()).isEqualTo("EVENT");
        assertThat(v3).contains("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-11-25T10:01:00.125Z\n#EXTINF:1.234,\ns2.ts\n")
                .contains("#EXTINF:4.499,").endsWith("#EXT-X-ENDLIST\n");
        assertThat(HlsPlaylistChecker.checkUpdate(v1, v2)).isEmpty();
        assertThat(HlsPlaylistChecker.checkUpdate(v2, v3)).isEmpty();
        assertThat(HlsPlaylistChecker.checkUpdate(v2, v1)).contains("segments removed");
        assertThat(HlsPlaylistChecker.checkUpdate(v1, v1.replace("TARGETDURATION:4", "TARGETDURATION:5")))
                .anyMatch(e -> e.contains("TARGETDURATION changed"));
        assertThat(HlsPlaylistChecker.checkUpdate(v3, v3 + "#comment\n")).anyMatch(e -> e.contains("after EXT-X-ENDLIST"));
        assertThat(HlsPlaylistChecker.checkUpdate(v2, v2.replace("s1.ts", "x.ts"))).anyMatch(e -> e.contains("segment 1 changed"));

        // after a restart the playlist is read back, continued, and ended
        HlsPlaylist resumed = HlsPlaylist.parse(v2);
        assertThat(resumed.render()).isEqualTo(v2);
        assertThat(resumed.segments()).hasSize(3);
        assertThat(resumed.segments().get(2).discontinuity()).isTrue();
        assertThat(resumed.totalDurationMs()).isEqualTo(4000 + 4499 + 1234);
        resumed.add(new HlsPlaylist.Segment("s3.ts", 2000, t.plusSeconds(70), true));
        resumed.end();
        assertThat(HlsPlaylistChecker.checkUpdate(v2, resumed.render())).isEmpty();
        assertThat(HlsPlaylist.parse(v3).ended()).isTrue();
        assertThatThrownBy(() -> HlsPlaylist.parse("#EXTM3U\n#EXTINF:1.0,\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void playlistRefusesSegmentsThatBreakTheTarget() {
        HlsPlaylist p = new HlsPlaylist(4);
        assertThatThrownBy(() -> p.add(new HlsPlaylist.Segment("s.ts", 4500, null, false))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.add(new HlsPlaylist.Segment("#s.ts", 1000, null, false))).isInstanceOf(IllegalArgumentException.class);
        p.end();
        assertThatThrownBy(() -> p.add(new HlsPlaylist.Segment("s.ts", 1000, null, false))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eachRuleIsEnforced() {
        String ok = HEAD + "#EXTINF:4.000,\na.ts\n#EXT-X-ENDLIST\n";
        assertThat(HlsPlaylistChecker.check(ok)).isEmpty();
        assertViolation(ok.replace("#EXTM3U\n", ""), "first line must be #EXTM3U");
        assertViolation(ok.replace("#EXTINF:4.000", "#EXTINF:4.500"), "rounds to 5");
        assertThat(HlsPlaylistChecker.check(ok.replace("#EXTINF:4.000", "#EXTINF:4.499"))).isEmpty();
        assertViolation(ok.replace("#EXT-X-VERSION:3", "#EXT-X-VERSION:2"), "decimal EXTINF needs 3");
        assertViolation(ok.replace("#EXT-X-VERSION:3\n", ""), "decimal EXTINF needs 3");
        assertThat(HlsPlaylistChecker.check(ok.replace("#EXT-X-VERSION:3\n", "").replace("4.000", "4"))).isEmpty();
        assertViolation(ok.replace("#EXT-X-TARGETDURATION:4\n", ""), "missing #EXT-X-TARGETDURATION");
        assertViolation(ok.replace("#EXT-X-TARGETDURATION:4", "#EXT-X-TARGETDURATION:4.5"), "decimal-integer");
        assertViolation(ok.replace("#EXT-X-MEDIA-SEQUENCE:0\n", "#EXT-X-TARGETDURATION:4\n"), "more than once");
        assertViolation(ok.replace("#EXT-X-ENDLIST", "#EXT-X-MEDIA-SEQUENCE:1"), "after the first media segment");
        assertViolation(ok + "#EXTINF:1.0,\nb.ts\n", "media segment after #EXT-X-ENDLIST");
        assertViolation(ok.replace("#EXTINF:4.000,\n", ""), "URI without a preceding #EXTINF");
        assertViolation(ok.replace("a.ts\n", ""), "#EXTINF without a URI");
        assertViolation(ok.replace("#EXTINF:4.000,", "#EXTINF:4.000"), "<duration>,[<title>]");
        assertViolation(ok.replace("#EXTINF:4.000,", "#EXTINF:abc,"), "not a number");
        assertViolation(ok.replace("#EXTINF", "#EXT-X-PROGRAM-DATE-TIME:2026-11-25 10:00:00\n#EXTINF"), "ISO 8601");
        assertThat(HlsPlaylistChecker.check(ok.replace("#EXTINF", "#EXT-X-PROGRAM-DATE-TIME:2026-11-25T10:00:00.000+08:00\n#EXTINF"))).isEmpty();
        assertViolation(ok.replace("#EXT-X-VERSION:3", "#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:LIVE"), "EVENT or VOD");
        assertViolation(ok.replace("#EXT-X-ENDLIST", "#EXT-X-ENDLIST:1"), "takes no value");
        assertViolation(ok.replace("#EXT-X-VERSION:3", "#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=1"), "master playlist tag");
        assertViolation(ok.replace("#EXTINF", "#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF"), "EXT-X-MAP needs 6");
        assertViolation(ok.replace("#EXT-X-VERSION:3", "#EXT-X-VERSION:6").replace("#EXTINF", "#EXT-X-MAP:BYTERANGE=\"1\"\n#EXTINF"), "EXT-X-MAP without URI");
        assertViolation(ok.replace("a.ts", "a.ts\n#EXTINF:1.0,\n#EXT-X-BYTERANGE:100@0\nb.ts"), "EXT-X-BYTERANGE needs 4");
        assertViolation(ok.replace("#EXT-X-ENDLIST\n", "#EXT-X-ENDLIST\n#EXT-X-DISCONTINUITY\n"), "after #EXT-X-ENDLIST");
        assertViolation(ok.replace("a.ts", " a.ts"), "white space");
    }

    private static void assertViolation(String playlist, String fragment) {
        List<String> v = HlsPlaylistChecker.check(playlist);
        assertThat(v).as(playlist).anyMatch(e -> e.contains(fragment));
    }
}
