import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  UserNotFoundException,
  UsernameExistsException,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomUUID } from 'node:crypto';

export interface PoolUser {
  username: string;
  sub: string;
  email: string;
  attributes: AttributeType[];
  status: 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';
  created: Date;
  temporaryPasswords: number;
}

const metadata = { $metadata: {} };

/**
 * A user pool in memory that answers the Cognito commands the provisioner sends, with Cognito's
 * errors: a second AdminCreateUser for an email raises UsernameExistsException, an unknown user
 * UserNotFoundException. Email is the sign-in attribute, so usernames are generated (like a Gen 2 pool).
 * Every command yields to the event loop first, so concurrent callers interleave as they would over a network.
 */
export class MemoryUserPool {
  readonly users: PoolUser[] = [];
  /** How many AdminCreateUser calls were refused because the email was taken (races made visible). */
  usernameExists = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  readonly client = { send: (command: unknown) => this.handle(command) } as unknown as CognitoIdentityProviderClient;

  usersWithEmail(email: string): PoolUser[] {
    return this.users.filter((user) => user.email === email.toLowerCase());
  }

  private find(usernameOrEmail: string): PoolUser | undefined {
    const wanted = usernameOrEmail.toLowerCase();
    return this.users.find((user) => user.username === usernameOrEmail || user.email === wanted);
  }

  private async handle(command: unknown): Promise<unknown> {
    await new Promise((resolve) => setImmediate(resolve));
    if (command instanceof AdminGetUserCommand) {
      const user = this.find(command.input.Username ?? '');
      if (!user) throw new UserNotFoundException({ message: 'User does not exist.', ...metadata });
      return { Username: user.username, UserAttributes: user.attributes, UserStatus: user.status, UserCreateDate: user.created };
    }
    if (command instanceof AdminCreateUserCommand) {
      const email = command.input.UserAttributes?.find((entry) => entry.Name === 'email')?.Value ?? command.input.Username ?? '';
      if (this.find(email)) {
        this.usernameExists++;
        throw new UsernameExistsException({ message: 'An account with the given email already exists.', ...metadata });
      }
      const sub = randomUUID();
      const user: PoolUser = {
        username: sub,
        sub,
        email: email.toLowerCase(),
        attributes: [{ Name: 'sub', Value: sub }, ...(command.input.UserAttributes ?? [])],
        status: 'FORCE_CHANGE_PASSWORD',
        created: this.now(),
        temporaryPasswords: 1,
      };
      this.users.push(user);
      return { User: { Username: user.username, Attributes: user.attributes, UserStatus: user.status, UserCreateDate: user.created } };
    }
    if (command instanceof AdminSetUserPasswordCommand) {
      const user = this.find(command.input.Username ?? '');
      if (!user) throw new UserNotFoundException({ message: 'User does not exist.', ...metadata });
      if (command.input.Permanent) user.status = 'CONFIRMED';
      else user.temporaryPasswords++;
      return {};
    }
    throw new Error(`MemoryUserPool does not answer ${(command as object).constructor.name}`);
  }
}
