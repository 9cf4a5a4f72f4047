// The page imports uPlot as ./uplot.js, which the router serves from the
// uplot package (uPlot.esm.js); this gives that import uPlot's own types.
export { default } from 'uplot';
