import type { Translation } from './translation.js';

export const zhCN: Translation = {
  mapLabel: '网格地图。方向键平移，加号减号缩放，回车选择中心区域，Esc 返回上一级。',
  loading: (loaded, total) => `正在加载地图数据（${loaded}/${total}）…`,
  city: '全市',
  status: { normal: '正常', attention: '关注', warning: '预警', emergency: '紧急', unknown: '未知' },
  errors: {
    'manifest-unreachable': '无法获取地图数据清单，地图保持当前内容。',
    'manifest-invalid-json': '地图数据清单不是有效的 JSON，地图保持当前内容。',
    'manifest-invalid': '地图数据清单格式不正确，地图保持当前内容。',
    'boundaries-unreachable': '无法获取部分边界数据。',
    'boundaries-invalid': '部分边界数据格式不正确，已跳过。',
    'index-unreachable': '无法获取区域索引，名称和定位暂不可用。',
    'index-invalid': '区域索引格式不正确，名称和定位暂不可用。',
    'statuses-unreachable': '无法获取网格状态。',
    'statuses-invalid': '网格状态数据格式不正确，已跳过。',
    'tiles-unreachable': '部分地图瓦片加载失败。',
    'mosaic-unreachable': '无法获取全市网格图，改用逐块加载网格。',
    'mosaic-invalid': '全市网格图无法使用，改用逐块加载网格。',
    'unknown-code': '部分区域编码不存在，已跳过。',
    'invalid-status': '部分网格状态无效，已跳过。',
    'invalid-board': '部分板块名称无效，已忽略。',
    'invalid-update': '部分更新格式不正确，已跳过。',
    'webgl-unavailable': '此浏览器无法使用 WebGL，地图无法显示。',
  },
  dismiss: '关闭',
};
