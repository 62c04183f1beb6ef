// ECharts for the Blazor pages: one instance per element, the option replaced on each render,
// resized with the window. Tests read the plotted data with echarts.getInstanceByDom(el).getOption().
window.districtPerfCharts = {
  render(element, option) {
    const chart = echarts.getInstanceByDom(element) || echarts.init(element);
    chart.setOption(option, true);
    if (!element.dataset.resizeBound) {
      element.dataset.resizeBound = "1";
      new ResizeObserver(() => chart.resize()).observe(element);
    }
    element.dataset.rendered = String(Date.now());
  },
  dispose(element) {
    const chart = element && echarts.getInstanceByDom(element);
    if (chart) chart.dispose();
  },
};
