"""Words staff read about their own account.

Password change, two-factor login, recovery codes.
"""

ACCOUNT_MESSAGES: dict[str, str] = {
    # The account page
    "account_nav": "Tài khoản",
    "account_title": "Tài khoản của tôi",
    "account_username": "Tên đăng nhập",
    "account_full_name": "Họ và tên",
    "account_role": "Vai trò",
    "account_wards": "Địa bàn",
    "account_wards_all": "Toàn tỉnh",
    "account_password_link": "Đổi mật khẩu",
    "account_2fa_link": "Đăng nhập hai bước",
    "account_2fa_on": "Đăng nhập hai bước: đang bật.",
    "account_2fa_off": "Đăng nhập hai bước: chưa bật.",
    # Changing one's password
    "account_pw_title": "Đổi mật khẩu",
    "account_pw_intro": (
        "Mật khẩu mới cần ít nhất {min} ký tự, không phải mật khẩu phổ biến, không chứa tên "
        "đăng nhập. Sau khi đổi, mọi phiên đăng nhập khác của tài khoản này sẽ bị đăng xuất."
    ),
    "account_pw_current": "Mật khẩu hiện tại",
    "account_pw_new": "Mật khẩu mới",
    "account_pw_again": "Nhập lại mật khẩu mới",
    "account_pw_submit": "Đổi mật khẩu",
    "account_pw_missing": "Vui lòng nhập mật khẩu hiện tại và mật khẩu mới.",
    "account_pw_current_wrong": "Mật khẩu hiện tại không đúng.",
    "account_pw_mismatch": "Hai lần nhập mật khẩu mới không giống nhau.",
    "account_pw_same": "Mật khẩu mới phải khác mật khẩu hiện tại.",
    "account_pw_done": (
        "Đã đổi mật khẩu. Đã đăng xuất {sessions} phiên đăng nhập khác của tài khoản này."
    ),
    # Two-factor login: the login step
    "account_code_title": "Mã xác thực",
    "account_code_intro": (
        "Tài khoản này bật đăng nhập hai bước. Mở ứng dụng xác thực trên điện thoại "
        "(Google Authenticator, Microsoft Authenticator, FreeOTP…) và nhập mã 6 chữ số."
    ),
    "account_code_label": "Mã 6 chữ số hoặc mã khôi phục",
    "account_code_submit": "Xác nhận",
    "account_code_recovery_hint": (
        "Mất điện thoại? Nhập một trong các mã khôi phục đã lưu; mỗi mã chỉ dùng được một lần."
    ),
    "account_code_restart": "Đăng nhập lại từ đầu",
    "account_code_wrong": (
        "Mã không đúng hoặc đã được dùng. Hãy nhập mã mới đang hiện trên ứng dụng xác thực."
    ),
    "account_code_expired": "Phiên xác thực đã hết hạn. Vui lòng đăng nhập lại.",
    "account_code_too_many": ("Nhập sai mã quá nhiều lần. Vui lòng đăng nhập lại bằng mật khẩu."),
    "account_code_throttled": "Có quá nhiều lần nhập sai từ địa chỉ này. Vui lòng thử lại sau.",
    # Two-factor login: the settings page
    "account_totp_issuer": "Phản ánh Bắc Ninh",
    "account_totp_title": "Đăng nhập hai bước",
    "account_totp_intro": (
        "Khi bật, mỗi lần đăng nhập sẽ hỏi thêm mã 6 chữ số từ ứng dụng xác thực trên điện "
        "thoại, nên lộ mật khẩu thôi chưa đủ để vào được tài khoản quản trị."
    ),
    "account_totp_step_scan": (
        "1. Quét mã QR bằng ứng dụng xác thực, hoặc nhập khóa bí mật dưới đây bằng tay."
    ),
    "account_totp_secret": "Khóa bí mật",
    "account_totp_uri": "Địa chỉ otpauth (cho ứng dụng nhận dán liên kết)",
    "account_totp_step_confirm": "2. Nhập mã 6 chữ số ứng dụng hiển thị để xác nhận.",
    "account_totp_enable": "Bật đăng nhập hai bước",
    "account_totp_enabled": "Đã bật đăng nhập hai bước.",
    "account_totp_on": "Đăng nhập hai bước đang bật cho tài khoản này.",
    "account_totp_codes_left": "Còn {count} mã khôi phục chưa dùng.",
    "account_totp_codes_title": "Mã khôi phục",
    "account_totp_codes_intro": (
        "Lưu các mã này ở nơi an toàn (in ra hoặc ghi lại). Mỗi mã dùng được một lần khi không "
        "có điện thoại. Các mã chỉ hiển thị lần này."
    ),
    "account_recovery_new_title": "Tạo mã khôi phục mới",
    "account_recovery_new_intro": "Các mã khôi phục cũ sẽ hết hiệu lực.",
    "account_recovery_new_submit": "Tạo mã mới",
    "account_recovery_new": "Đã tạo 10 mã khôi phục mới; các mã cũ không còn dùng được.",
    "account_totp_code": "Mã 6 chữ số",
    "account_totp_disable_title": "Tắt đăng nhập hai bước",
    "account_totp_disable_submit": "Tắt đăng nhập hai bước",
    "account_totp_disabled": "Đã tắt đăng nhập hai bước.",
    "account_totp_prompt": ("Tài khoản quản trị của bạn chưa bật đăng nhập hai bước."),
    "account_totp_prompt_link": "Bật ngay",
    "account_others_title": "Tài khoản khác đang bật đăng nhập hai bước",
    "account_others_intro": (
        "Khi một người mất điện thoại và mã khôi phục, hãy đặt lại đăng nhập hai bước "
        "của họ; họ sẽ đăng nhập bằng mật khẩu và bật lại."
    ),
    "account_reset_submit": "Đặt lại",
    "account_reset_done": "Đã đặt lại đăng nhập hai bước của {username}.",
    "account_reset_unknown": (
        "Không tìm thấy tài khoản này hoặc tài khoản chưa bật đăng nhập hai bước."
    ),
    # Audit log labels
    "audit_action_password_changed": "Đổi mật khẩu của mình",
    "audit_action_password_change_failed": "Đổi mật khẩu thất bại",
    "audit_action_totp_enabled": "Bật đăng nhập hai bước",
    "audit_action_totp_disabled": "Tắt đăng nhập hai bước",
    "audit_action_totp_reset": "Đặt lại đăng nhập hai bước",
    "audit_action_recovery_codes_new": "Tạo mã khôi phục mới",
}
