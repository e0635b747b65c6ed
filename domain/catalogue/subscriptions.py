"""Messages of subscriptions (/dangky, /huydangky), invitation links, audiences and imports."""

SUBSCRIPTION_MESSAGES: dict[str, str] = {
    # Topics
    "topic_ket_luan_72": "Kết luận 72-KL/TW về hạ tầng",
    "topic_giao_thong": "Giao thông",
    "topic_thuy_loi": "Thủy lợi",
    "topic_nang_luong": "Năng lượng, điện",
    "topic_ha_tang_so": "Hạ tầng số, Internet",
    "topic_do_thi": "Đô thị, xây dựng",
    "topic_nong_thon_moi": "Nông thôn mới",
    # Audience filters
    "aud_err_not_object": "Bộ lọc đối tượng nhận phải là một đối tượng JSON.",
    "aud_err_unknown_key": "Bộ lọc có mục không hỗ trợ: {field}.",
    "aud_err_not_list": "Mục “{field}” của bộ lọc phải là danh sách.",
    "aud_err_empty": "Hãy chọn “tất cả người đăng ký” hoặc ít nhất một địa bàn, nhóm hay chủ đề.",
    "aud_err_commune": "Không có xã/phường mã {value}.",
    "aud_err_district": (
        "Không có huyện/thành phố cũ “{value}” (hoặc chưa có dữ liệu xã thuộc huyện này)."
    ),
    "aud_err_group": "Mã nhóm không hợp lệ: {value}.",
    "aud_err_topic": "Không có chủ đề “{value}”.",
    "aud_err_all_bool": "Mục “all” phải là true hoặc false.",
}
