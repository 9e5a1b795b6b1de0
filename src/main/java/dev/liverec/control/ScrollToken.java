package dev.liverec.control;


import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * DescribeRecordTask's paging cursor: the (createdAt, taskId) of the last task returned, scoped to the account that
 * asked. It is opaque to clients (base64url); a token that does not decode, or that belongs to another account, is
 * {@code InvalidParameter}. Editing one can only move the cursor within the caller's own tasks.
 */
public record ScrollToken(long accountId, long createdAtMillis, String taskId) {
    private static final String VERSION = "t1";

    public String encode() {
        String raw = VERSION + ":" + accountId + ":" + createdAtMillis + ":" + taskId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static ScrollToken decode(String token, long accountId) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", 4);
            if (parts.length == 4 && parts[0].equals(VERSION) && Long.parseLong(parts[1]) == accountId
                    && parts[3].length() == TaskIdGenerator.LENGTH && parts[3].chars().allMatch(Character::isLetterOrDigit)) {
                return new ScrollToken(accountId, Long.parseLong(parts[2]), parts[3]);
            }
        } catch (IllegalArgumentException e) {
            // not base64 or not numbers: same answer as any other bad token
        }
        throw ControlFailure.invalid("ScrollToken", "not a token returned by DescribeRecordTask for this account");
    }
}
