/** What other components may use from the injonctions de payer. */
export { preparePaymentOrder, recordPaymentOrderEvent, dossierPaymentOrders, renderPaymentOrderRequest, writePaymentOrderZip, REQUEST_TEMPLATE } from './payment-order.service';
export { paymentOrderDelays } from './payment-order.service';
export type { PaymentOrderView, PaymentOrderEventInput } from './payment-order.service';
export { paymentOrderRoutes } from './payment-order.routes';
export { paymentOrderDeadlines, paymentOrderStatusOn, legalStepAfter, PAYMENT_ORDER_STATUSES } from './payment-order.rules';
export type { PaymentOrderStatus, PaymentOrderEvent, PaymentOrderDelays } from './payment-order.rules';
export { PaymentOrder } from './payment-order.entity';
