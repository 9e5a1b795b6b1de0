package dev.liverec.media.codec;

import dev.liverec.media.MediaFormatException;

/** The fields of an HEVC sequence parameter set liverec needs: profile/tier/level and the cropped picture size. */
public record HevcSps(int profileSpace, boolean highTier, int profileIdc, int levelIdc, int chromaFormatIdc,
                      int width, int height) {

    /** Parses a complete SPS NAL unit (with its 2-byte header). */
    public static HevcSps parse(byte[] nal) {
        return parse(nal, 0, nal.length);
    }

    public static HevcSps parse(byte[] nal, int offset, int length) {
        if (length < 4 || NalUnits.hevcType(nal[offset]) != 33) throw new MediaFormatException("not an HEVC SPS");
        BitReader r = new BitReader(NalUnits.toRbsp(nal, offset + 2, length - 2));
        r.skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = r.u(3);
        r.skip(1); // sps_temporal_id_nesting_flag
        // profile_tier_level(1, maxSubLayersMinus1)
        int profileSpace = r.u(2);
        boolean tier = r.flag();
        int profile = r.u(5);
        r.skip(32); // general_profile_compatibility_flags
        r.skip(48); // progressive/interlaced/non-packed/frame-only + 44 reserved/constraint bits
        int level = r.u(8);
        boolean[] profilePresent = new boolean[maxSubLayersMinus1];
        boolean[] levelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = r.flag();
            levelPresent[i] = r.flag();
        }
        if (maxSubLayersMinus1 > 0) r.skip(2 * (8 - maxSubLayersMinus1));
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (profilePresent[i]) r.skip(88);
            if (levelPresent[i]) r.skip(8);
        }
        r.ue(); // sps_seq_parameter_set_id
        int chroma = r.ue();
        if (chroma > 3) throw new MediaFormatException("bad chroma_format_idc " + chroma);
        if (chroma == 3) r.flag(); // separate_colour_plane_flag
        int width = r.ue();
        int height = r.ue();
        if (r.flag()) { // conformance_window_flag
            int subWidthC = chroma == 1 || chroma == 2 ? 2 : 1;
            int subHeightC = chroma == 1 ? 2 : 1;
            int left = r.ue(), right = r.ue(), top = r.ue(), bottom = r.ue();
            width -= subWidthC * (left + right);
            height -= subHeightC * (top + bottom);
        }
        if (width <= 0 || height <= 0) throw new MediaFormatException("bad SPS picture size");
        return new HevcSps(profileSpace, tier, profile, level, chroma, width, height);
    }

    /** Profile name as ffprobe prints it for the common profiles. */
    public String profileName() {
        switch (profileIdc) {
            case 1: return "Main";
            case 2: return "Main 10";
            case 3: return "Main Still Picture";
            case 4: return "Rext";
            default: return "profile " + profileIdc;
        }
    }
}
