"""Words officers read on the map of reports."""

DASHBOARD_MAP_MESSAGES: dict[str, str] = {
    "map_title": "Bản đồ phản ánh",
    "map_back_to_queue": "Về danh sách phản ánh",
    "map_summary": "{shown} phản ánh có vị trí trên bản đồ.",
    "map_unlocated": "{count} phản ánh không có vị trí nên không hiện trên bản đồ.",
    "map_approximate": (
        "{count} phản ánh không có ghim vị trí được đặt ở trung tâm xã/phường (vị trí gần đúng)."
    ),
    "map_capped": ("Chỉ hiện {limit} phản ánh mới nhất; hãy lọc thêm để xem các phản ánh khác."),
    "map_empty": "Không có phản ánh nào khớp bộ lọc.",
    "map_filter_note": "Bản đồ dùng cùng bộ lọc với danh sách phản ánh.",
    "map_popup_open": "Mở phản ánh",
    "map_popup_category": "Lĩnh vực",
    "map_popup_status": "Trạng thái",
    "map_popup_place": "Địa bàn",
    "map_popup_approximate": "Vị trí gần đúng: trung tâm xã/phường",
    "map_region_label": "Bản đồ các phản ánh",
    "map_no_script": "Bản đồ cần JavaScript. Danh sách phản ánh vẫn dùng được khi tắt JavaScript.",
}
