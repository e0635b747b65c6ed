"""Messages staff read on the dashboard (accounts, login, layout, audit) and the staff CLI."""

STAFF_MESSAGES: dict[str, str] = {
    # Roles
    "role_admin": "Quản trị hệ thống",
    "role_can_bo": "Cán bộ tiếp nhận, xử lý",
    "role_lanh_dao": "Lãnh đạo (xem số liệu)",
    "role_tuyen_truyen": "Tuyên truyền",
    # Layout
    "dash_app_name": "Bảng điều khiển phản ánh hạ tầng",
    "dash_org_name": "Ủy ban MTTQ Việt Nam và Tỉnh đoàn tỉnh Bắc Ninh",
    "nav_reports": "Hàng đợi phản ánh",
    "nav_stats": "Thống kê",
    "nav_campaigns": "Chiến dịch",
    "nav_staff": "Cán bộ",
    "nav_audit": "Nhật ký",
    "nav_logout": "Đăng xuất",
    "nav_signed_in_as": "Đang đăng nhập: {name} ({role})",
    "dash_skip_to_content": "Bỏ qua thanh điều hướng",
    # Login
    "login_title": "Đăng nhập",
    "login_intro": "Dành cho cán bộ MTTQ, Đoàn Thanh niên và quản trị hệ thống.",
    "login_username": "Tên đăng nhập",
    "login_password": "Mật khẩu",
    "login_submit": "Đăng nhập",
    "login_failed": (
        "Tên đăng nhập hoặc mật khẩu không đúng. Sau {attempts} lần sai liên tiếp, tài khoản "
        "bị tạm khóa {minutes} phút."
    ),
    "login_throttled": (
        "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này. Vui lòng thử lại sau {minutes} phút."
    ),
    "login_missing": "Vui lòng nhập tên đăng nhập và mật khẩu.",
    "login_logged_out": "Bạn đã đăng xuất.",
    "login_expired": "Phiên làm việc đã hết hạn hoặc bạn chưa đăng nhập. Vui lòng đăng nhập.",
    # Errors
    "error_forbidden_title": "Không có quyền truy cập",
    "error_forbidden": "Tài khoản của bạn không có quyền xem trang này.",
    "error_csrf_title": "Yêu cầu không hợp lệ",
    "error_csrf": ("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại."),
    "error_back_home": "Về trang chính",
    "error_unauthorized": "Bạn cần đăng nhập để dùng chức năng này.",
    # Staff management
    "staff_title": "Quản lý cán bộ",
    "staff_create_title": "Thêm cán bộ",
    "staff_list_title": "Danh sách cán bộ",
    "staff_username": "Tên đăng nhập",
    "staff_full_name": "Họ và tên",
    "staff_role": "Vai trò",
    "staff_communes": "Địa bàn phụ trách",
    "staff_communes_hint": (
        "Chỉ áp dụng cho cán bộ; để trống nghĩa là toàn tỉnh. Cán bộ được giới hạn địa bàn "
        "không xem được phản ánh ngoài địa bàn."
    ),
    "staff_communes_all": "Toàn tỉnh",
    "staff_password": "Mật khẩu (ít nhất {min} ký tự)",
    "staff_new_password": "Mật khẩu mới",
    "staff_status": "Trạng thái",
    "staff_active": "Đang hoạt động",
    "staff_inactive": "Đã khóa",
    "staff_locked_until": "Tạm khóa đến {until}",
    "staff_last_login": "Đăng nhập gần nhất",
    "staff_never": "Chưa đăng nhập",
    "staff_actions": "Thao tác",
    "staff_btn_create": "Thêm cán bộ",
    "staff_btn_edit": "Sửa thông tin",
    "staff_btn_save": "Lưu thay đổi",
    "staff_btn_deactivate": "Khóa tài khoản",
    "staff_btn_activate": "Mở khóa tài khoản",
    "staff_btn_reset": "Đặt lại mật khẩu",
    "staff_you": "(bạn)",
    "staff_ok_created": "Đã thêm cán bộ «{username}».",
    "staff_ok_updated": "Đã lưu thay đổi của «{username}».",
    "staff_ok_deactivated": "Đã khóa tài khoản «{username}».",
    "staff_ok_activated": "Đã mở khóa tài khoản «{username}».",
    "staff_ok_password": (
        "Đã đặt lại mật khẩu của «{username}»; các phiên đăng nhập cũ đã kết thúc."
    ),
    "staff_not_found": "Không tìm thấy tài khoản cán bộ này.",
    # Account validation (dashboard and CLI)
    "staff_err_username": (
        "Tên đăng nhập «{username}» không hợp lệ: dùng 3–64 ký tự gồm chữ không dấu, số, "
        "dấu chấm, gạch ngang hoặc gạch dưới."
    ),
    "staff_err_duplicate": "Tên đăng nhập «{username}» đã tồn tại.",
    "staff_err_role": "Vai trò «{role}» không hợp lệ. Các vai trò: {allowed}.",
    "staff_err_password_short": "Mật khẩu phải có ít nhất {min} ký tự.",
    "staff_err_password_empty": "Chưa nhập mật khẩu.",
    "staff_err_password_common": (
        "Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác, ví dụ một câu ngắn "
        "ghép từ vài từ kèm chữ số."
    ),
    "staff_err_password_username": "Mật khẩu không được chứa tên đăng nhập.",
    "staff_err_password_weak": (
        "Mật khẩu quá dễ đoán: hãy dùng ít nhất {min} ký tự, kết hợp chữ với chữ số hoặc ký "
        "hiệu, không lặp một ký tự hay dãy liên tiếp như «abcdef»."
    ),
    "staff_err_password_mismatch": "Hai lần nhập mật khẩu không khớp.",
    "staff_err_communes": "Mã xã/phường không có trong danh mục: {codes}.",
    "staff_err_full_name": "Họ và tên quá dài (tối đa 200 ký tự).",
    "staff_err_self": "Bạn không thể tự khóa hoặc tự đổi vai trò của chính mình.",
    # Campaign schedule rule (checked in broadcasts.content_rules)
    "bc_err_cron_too_often": (
        "Lịch định kỳ quá dày: một chiến dịch định kỳ chỉ được gửi nhiều nhất một lần trong "
        "{hours} giờ, để người nhận không bị làm phiền. Hãy chọn lịch thưa hơn, ví dụ "
        "«0 8 * * 1» (8 giờ sáng thứ Hai hằng tuần)."
    ),
    # CLI
    "cli_staff_password_prompt": "Mật khẩu: ",
    "cli_staff_password_again": "Nhập lại mật khẩu: ",
    "cli_staff_created": "Đã tạo tài khoản «{username}» với vai trò «{role}».",
    "cli_staff_none": "Chưa có tài khoản cán bộ nào.",
    "cli_staff_row": "{username}\t{role}\t{status}\t{full_name}\t{communes}",
    # Audit log
    "audit_title": "Nhật ký thao tác",
    "audit_at": "Thời điểm",
    "audit_actor": "Người thực hiện",
    "audit_action": "Thao tác",
    "audit_target": "Đối tượng",
    "audit_details": "Chi tiết",
    "audit_ip": "Địa chỉ IP",
    "audit_filter": "Lọc",
    "audit_all_actions": "Tất cả thao tác",
    "audit_empty": "Không có mục nào.",
    "audit_page": "Trang {page}/{pages} ({total} mục)",
    "audit_prev": "« Trang trước",
    "audit_next": "Trang sau »",
    "audit_action_login": "Đăng nhập",
    "audit_action_login_failed": "Đăng nhập thất bại",
    "audit_action_logout": "Đăng xuất",
    "audit_action_staff_created": "Thêm cán bộ",
    "audit_action_staff_updated": "Sửa thông tin cán bộ",
    "audit_action_staff_deactivated": "Khóa tài khoản",
    "audit_action_staff_activated": "Mở khóa tài khoản",
    "audit_action_password_reset": "Đặt lại mật khẩu",
    # Undoing a merge: the citizen's notice, the public note and refusals
    "unmerged_notice": (
        "Phản ánh {code} của bạn đã được tách khỏi phản ánh {main} và sẽ được xử lý riêng "
        "(tình trạng: {status}). Bạn sẽ nhận thông báo của phản ánh {code}."
    ),
    "unmerged_note": "Đã tách khỏi phản ánh {main}, xử lý riêng",
    "action_not_merged": "Phản ánh {code} không được gộp vào phản ánh nào.",
    "action_merged_use_unmerge": (
        "Phản ánh {code} đang được gộp vào phản ánh khác. Hãy bấm «Tách» trước khi đổi tình trạng."
    ),
}
