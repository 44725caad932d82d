/** What other components may use from the credit controllers. */
export { listControllers, controllerOfUser, controllerIdOfUser, getController, linkControllerToUser } from './credit-controller.service';
export { CreditController } from './credit-controller.entity';
