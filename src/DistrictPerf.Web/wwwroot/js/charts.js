// ECharts for the Blazor pages: one instance per element, the option replaced on each render,
// resized with the window. Tests read the plotted data with echarts.getInstanceByDom(el).getOption().
// With a .NET reference, a click on a data element (bar, point, line, heat-map cell) is reported to it.
window.districtPerfCharts = {
  render(element, option, dotnet) {
    const chart = echarts.getInstanceByDom(element) || echarts.init(element);
    chart.setOption(option, true);
    if (!element.dataset.resizeBound) {
      element.dataset.resizeBound = "1";
      new ResizeObserver(() => chart.resize()).observe(element);
    }
    chart.off("click");
    if (dotnet) {
      chart.on("click", (p) => {
        dotnet.invokeMethodAsync("Clicked", {
          componentType: p.componentType ?? null,
          seriesIndex: p.seriesIndex ?? -1,
          seriesName: p.seriesName ?? null,
          dataIndex: p.dataIndex ?? -1,
          name: p.name ?? null,
          value: p.value === undefined ? null : p.value,
        });
      });
    }
    element.dataset.rendered = String(Date.now());
  },
  dispose(element) {
    const chart = element && echarts.getInstanceByDom(element);
    if (chart) chart.dispose();
  },
};
