package dev.liverec.media.codec;

import dev.liverec.media.MediaFormatException;

/** The fields of an H.264 sequence parameter set liverec needs: profile, level, and the cropped picture size. */
public record H264Sps(int profileIdc, int constraintFlags, int levelIdc, int chromaFormatIdc,
                      boolean frameMbsOnly, int width, int height) {

    /** Parses a complete SPS NAL unit (with its 1-byte header). */
    public static H264Sps parse(byte[] nal) {
        return parse(nal, 0, nal.length);
    }

    public static H264Sps parse(byte[] nal, int offset, int length) {
        if (length < 4 || NalUnits.avcType(nal[offset]) != 7) throw new MediaFormatException("not an H.264 SPS");
        byte[] rbsp = NalUnits.toRbsp(nal, offset + 1, length - 1);
        BitReader r = new BitReader(rbsp);
        int profile = r.u(8);
        int constraints = r.u(8);
        int level = r.u(8);
        r.ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        boolean separateColourPlane = false;
        if (hasChromaInfo(profile)) {
            chromaFormat = r.ue();
            if (chromaFormat > 3) throw new MediaFormatException("bad chroma_format_idc " + chromaFormat);
            if (chromaFormat == 3) separateColourPlane = r.flag();
            r.ue(); // bit_depth_luma_minus8
            r.ue(); // bit_depth_chroma_minus8
            r.flag(); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                int lists = chromaFormat != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.flag()) skipScalingList(r, i < 6 ? 16 : 64);
                }
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            r.flag(); // delta_pic_order_always_zero_flag
            r.se(); // offset_for_non_ref_pic
            r.se(); // offset_for_top_to_bottom_field
            int cycle = r.ue();
            if (cycle > 255) throw new MediaFormatException("bad num_ref_frames_in_pic_order_cnt_cycle");
            for (int i = 0; i < cycle; i++) r.se();
        }
        r.ue(); // max_num_ref_frames
        r.flag(); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) r.flag(); // mb_adaptive_frame_field_flag
        r.flag(); // direct_8x8_inference_flag
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.flag()) {
            cropLeft = r.ue();
            cropRight = r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        int chromaArrayType = separateColourPlane ? 0 : chromaFormat;
        int cropUnitX, cropUnitY;
        int fieldFactor = frameMbsOnly ? 1 : 2;
        if (chromaArrayType == 0) {
            cropUnitX = 1;
            cropUnitY = fieldFactor;
        } else {
            int subWidthC = chromaFormat == 3 ? 1 : 2;
            int subHeightC = chromaFormat == 1 ? 2 : 1;
            cropUnitX = subWidthC;
            cropUnitY = subHeightC * fieldFactor;
        }
        int width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
        int height = fieldFactor * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        if (width <= 0 || height <= 0) throw new MediaFormatException("bad SPS picture size");
        return new H264Sps(profile, constraints, level, chromaFormat, frameMbsOnly, width, height);
    }

    private static boolean hasChromaInfo(int profile) {
        switch (profile) {
            case 100: case 110: case 122: case 244: case 44: case 83: case 86: case 118: case 128: case 138:
            case 139: case 134: case 135:
                return true;
            default:
                return false;
        }
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8, next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) next = (last + r.se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    /** "avc1.PPCCLL" codec string for HLS/DASH manifests. */
    public String codecString() {
        return String.format("avc1.%02x%02x%02x", profileIdc, constraintFlags, levelIdc);
    }

    /** Profile name as ffprobe prints it for the common profiles. */
    public String profileName() {
        switch (profileIdc) {
            case 66: return (constraintFlags & 0x40) != 0 ? "Constrained Baseline" : "Baseline";
            case 77: return "Main";
            case 88: return "Extended";
            case 100: return "High";
            case 110: return "High 10";
            case 122: return "High 4:2:2";
            case 244: return "High 4:4:4 Predictive";
            default: return "profile " + profileIdc;
        }
    }
}
